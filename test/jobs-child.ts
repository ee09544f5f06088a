// A second (and third) app process for lib/jobs/jobs.integration.test.ts: runs job workers
// against DATABASE_URL until SIGTERM, with a short maintenance interval so that a job whose
// process was killed expires quickly. Prints "ready" once its workers run.
// Run with node --conditions=react-server --import tsx.
import { startJobWorkers, stopJobWorkers } from "@/lib/jobs";
import { closeTestJobs, defineTestJobs } from "./jobs-fixtures";

defineTestJobs();
await startJobWorkers({ maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
console.log("ready");
process.on("SIGTERM", () => {
  void stopJobWorkers(2000)
    .then(closeTestJobs)
    .then(() => process.exit(0));
});
