import { z } from "zod"; z.config({ jitless: true });
import { realItems } from "./pages";
import { readProps } from "../src/source";
import { renderAtom } from "../src/renderers/atom";
const ps: any[] = []; for (let d = 0; d < 7; d++) { const date = `2026-05-1${d}`; ps.push(...readProps({ dailyPapers: realItems.slice(0, 43).map((i: any, n: number) => ({ ...i, paper: { ...i.paper, id: `2605.1${d}${String(n).padStart(3, "0")}`, submittedOnDailyAt: date + "T00:00:00Z" } })), dateString: date }).papers); }
const ctx: any = { selfUrl: "x", firstUrl: "x", query: {} };
for (let i = 0; i < 1500; i++) renderAtom(ps, ctx);
