// The Worker: the serve pipeline answers requests, the scrape pipeline runs on the cron.
// They meet only in KV (README, "Architecture"); serve starts a run (the admin route, a
// fresh deployment's bootstrap) only through the function handed to it here.
import { runScrape } from "./scrape";
import { scheduled } from "./scrape/scheduled";
import { createRouter } from "./serve/router";

const router = createRouter({ startRun: runScrape });

export default { fetch: router.fetch, scheduled } satisfies ExportedHandler<Env>;
