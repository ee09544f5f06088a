// Work that follows a request without holding it up (fact extraction, a model's second
// opinion on a message). Failures only log; tests and shutdown can wait for it all.

const running = new Set<Promise<unknown>>();

export function runInBackground(label: string, work: () => Promise<unknown>): void {
  const task = work().catch((error) => console.warn(`[${label}] ${error instanceof Error ? error.message : String(error)}`));
  running.add(task);
  void task.finally(() => running.delete(task));
}

/** Resolves once everything started so far (and anything it started) has finished. */
export async function flushBackgroundWork(): Promise<void> {
  while (running.size) await Promise.all([...running]);
}
