// A second app process for the rate-limit test: counts `times` requests of one key against
// a rule through the app's own limiter and prints how many were refused. Run with
// node --conditions=react-server --import tsx, DATABASE_URL pointing at the test database.
import { RateLimitedError } from "@/lib/errors";
import { closeRateLimitStore, consumeLimit, type LimitRule } from "@/lib/http/rate-limit";

const [ruleJson, key, times] = process.argv.slice(2);
const rule = JSON.parse(ruleJson!) as LimitRule;
let refused = 0;
for (let index = 0; index < Number(times); index += 1) {
  try {
    await consumeLimit(rule, key!);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    refused += 1;
  }
}
await closeRateLimitStore();
console.log(JSON.stringify({ refused }));
