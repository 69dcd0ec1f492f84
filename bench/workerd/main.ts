// npm run bench:workerd: the workerd section alone (options: section.ts). It needs nothing of
// src/ but the Worker's entry (src/index.ts), unlike bench.ts, which imports src's internals.
import { workerdSection } from "./section";

await workerdSection(process.argv.slice(2));
