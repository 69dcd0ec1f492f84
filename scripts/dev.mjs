// `npm start`: wrangler dev with local KV, then one scrape as soon as it serves.
// `npm run demo`: the same against a local stand-in origin serving fixtures/ (no network).
// Extra arguments go to `wrangler dev`.
import { spawn } from "node:child_process";
import { startFixtureOrigin } from "./fixture-origin.mjs";

const demo = process.argv.includes("--demo");
const extra = process.argv.slice(2).filter((a) => a !== "--demo");
const port = Number(process.env.PORT ?? 8787);
const originPort = Number(process.env.ORIGIN_PORT ?? 8788);
const base = `http://127.0.0.1:${port}`;

const args = ["wrangler", "dev", "--test-scheduled", "--ip", "127.0.0.1", "--port", String(port), ...extra];
if (demo) {
  await startFixtureOrigin(originPort);
  console.log(`[demo] stand-in origin on http://127.0.0.1:${originPort} serving fixtures/`);
  // The whole window in one run (not DAYS_PER_RUN days in rotation), so the demo is full at once.
  args.push("--var", `HF_ORIGIN:http://127.0.0.1:${originPort}`, "--var", "DAYS_PER_RUN:7");
}

const child = spawn("npx", args, { stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));

// Wait until the Worker answers, then fire the cron once (wrangler's /__scheduled).
const deadline = Date.now() + 120_000;
while (Date.now() < deadline) {
  try {
    const res = await fetch(`${base}/api/days`);
    if (res.status < 500) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}
try {
  const res = await fetch(`${base}/__scheduled`);
  console.log(
    `[start] scrape once: ${res.status} ${await res.text()} (the Worker's log above says how it went)`,
  );
  console.log(
    `[start] try: curl ${base}/api/days   ${base}/feed.atom   ${base}/feed.json   ${base}/api/papers`,
  );
} catch (e) {
  console.error(`[start] could not reach the Worker at ${base}: ${e.message}`);
}
