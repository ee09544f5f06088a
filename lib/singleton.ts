// One value per process for `name`, created on first use. Kept on globalThis because
// Next.js may load a module more than once (route bundles, dev reloads), and a second
// copy of a connection pool or a limiter would count and connect on its own.
export function processSingleton<T>(name: string, create: () => T): T {
  const slot = globalThis as unknown as Record<string, T | undefined>;
  const key = `__recallDesk_${name}`;
  slot[key] ??= create();
  return slot[key];
}
