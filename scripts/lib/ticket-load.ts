import type autocannon from "autocannon";

/**
 * autocannon's requests for POST /api/v1/tickets under load: each request names its ticket
 * in turn, rotates over `keys` (so the per-key limit, 600 a minute, is not what is measured)
 * and over `customers` addresses (a customer opens several tickets once they come round again).
 */
export function ticketCreationRequests({ keys, customers }: { keys: string[]; customers: number }): autocannon.Request[] {
  let sequence = 0;
  return [
    {
      setupRequest: (request) => {
        sequence += 1;
        return {
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${keys[sequence % keys.length]}` },
          body: JSON.stringify({
            customer: { email: `load-${sequence % customers}@bench.example`, name: "Load Test" },
            subject: `Load ticket ${sequence}`,
            message: "The hub drops offline every evening since the last update.",
            product: "Lumio Hub",
          }),
        };
      },
    },
  ];
}

/**
 * The opening-memory jobs of the server at `base` not finished yet (due, waiting for a later
 * time, held or running), from its Prometheus endpoint (started with METRICS_TOKEN=`token`).
 */
export async function openingMemoryBacklog(base: string, token: string): Promise<number> {
  const response = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`/api/metrics answered ${response.status}`);
  const text = await response.text();
  const value = (name: string) => Number(new RegExp(`^${name}\\{job="ticket\\.remember-opening"\\} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  // A job a server's worker claimed but holds while its process serves requests is still to run.
  return value("recall_jobs_due") + value("recall_jobs_scheduled_later") + value("recall_jobs_held") + value("recall_jobs_running");
}

/** Reads the backlog every 2 s until the returned function is called, which returns the readings. */
export function sampleOpeningMemoryBacklog(base: string, token: string): () => number[] {
  const samples: number[] = [];
  const timer = setInterval(
    () =>
      void openingMemoryBacklog(base, token).then(
        (backlog) => samples.push(backlog),
        () => undefined,
      ),
    2000,
  );
  return () => {
    clearInterval(timer);
    return samples;
  };
}

/** Waits up to `seconds` for the backlog to empty; the seconds it took, or null. */
export async function waitForOpeningMemory(base: string, token: string, seconds: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    if ((await openingMemoryBacklog(base, token)) === 0) return +((performance.now() - started) / 1000).toFixed(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}
