// The JSON API's list answer (PapersAnswer in serve/answers.ts). Papers may come as JSON
// text (PaperJson), carried from storage as it is: the answer is then written around them.
import { type Paper, PaperJson } from "../../core/paper";
import { canonicalParams } from "../query";
import type { ListView } from "./view";

export function renderApi({ papers, total, days, query, nextUrl }: ListView<Paper | PaperJson>): string {
  const answer = {
    count: papers.length,
    total,
    days,
    filters: Object.fromEntries(canonicalParams(query)),
    next: nextUrl ?? null,
  };
  if (!papers.some((p) => p instanceof PaperJson)) return JSON.stringify({ ...answer, papers });
  const each = papers.map((p) => (p instanceof PaperJson ? p.json : JSON.stringify(p)));
  return `${JSON.stringify(answer).slice(0, -1)},"papers":[${each.join(",")}]}`;
}
