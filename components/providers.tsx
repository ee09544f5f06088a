"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { config as configureZod } from "zod";

// zod compiles object parsers with `new Function` when its probe says it may; the probe
// alone breaks the Content-Security-Policy (no eval, proxy.ts) and reports a violation.
// Parsing without it is as correct and fast enough for the few client-side parses.
if (typeof window !== "undefined") configureZod({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser tab; created in state so a re-render never drops the cache.
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }));
  // Marks the page interactive (client handlers attached): e2e tests wait for it.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
