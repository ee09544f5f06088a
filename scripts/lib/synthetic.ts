// The shape of a synthetic support workload, shared by the benchmarks that load one
// (bench:inbox, bench:scale): most of the history resolved, the newest 15% still being worked.

export type SyntheticStatus = "OPEN" | "PENDING" | "RESOLVED" | "CLOSED";

/** A ticket's status from a uniform roll in [0, 1); `recent`: among the newest 15%. */
export function syntheticStatus(roll: number, recent: boolean): SyntheticStatus {
  if (recent) return roll < 0.45 ? "OPEN" : roll < 0.75 ? "PENDING" : "RESOLVED";
  return roll < 0.94 ? "RESOLVED" : roll < 0.97 ? "CLOSED" : "PENDING";
}
