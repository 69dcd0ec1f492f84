import { router } from "./http";
import { scheduled } from "./scheduled";

export default { fetch: router.fetch, scheduled } satisfies ExportedHandler<Env>;
