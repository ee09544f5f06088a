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
