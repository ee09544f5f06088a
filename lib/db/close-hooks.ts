// Work that must happen while the database is still open when the process closes it
// (closeDatabase): the audit entries a seal timer would have chained a moment later, say.
// On globalThis: each copy of a module Next.js loads registers its own hook into one set.

type Hook = () => Promise<void>;

const hooks = () => {
  const slot = globalThis as unknown as { __beforeDatabaseCloses?: Set<Hook> };
  slot.__beforeDatabaseCloses ??= new Set();
  return slot.__beforeDatabaseCloses;
};

export function beforeDatabaseCloses(hook: Hook): void {
  hooks().add(hook);
}

/** Runs every hook; one that fails does not keep the others or the close from running. */
export async function runBeforeCloseHooks(): Promise<void> {
  for (const hook of hooks()) await hook().catch(() => undefined);
}
