// The Worker: the serve pipeline answers requests, the scrape pipeline runs on the cron.
// They meet only in KV (README, "Architecture").
import { scheduled } from "./scrape/scheduled";
import { router } from "./serve/router";

export default { fetch: router.fetch, scheduled } satisfies ExportedHandler<Env>;
