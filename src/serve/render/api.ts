// The JSON API's list answer (PapersAnswer in serve/answers.ts).
import type { ListView } from "./view";

export function renderApi({ papers, papersJson, total, days, filters, nextUrl }: ListView): string {
  const head = JSON.stringify({ count: papers.length, total, days, filters, next: nextUrl ?? null });
  // Each paper copied from the store where it gave one, else serialized: the same JSON value.
  const items = papers.map((p, i) => papersJson?.[i] ?? JSON.stringify(p));
  return `${head.slice(0, -1)},"papers":[${items.join(",")}]}`;
}
