// The JSON API's list answer (PapersAnswer in serve/answers.ts).
import type { ListView } from "./view";

/** The answer as pieces of text, in order (serve/body.ts writes them out as UTF-8). */
export function apiPieces({ papers, papersJson, total, days, filters, nextUrl }: ListView): string[] {
  const head = JSON.stringify({ count: papers.length, total, days, filters, next: nextUrl ?? null });
  const out = [`${head.slice(0, -1)},"papers":[`];
  // Each paper copied from the store where it gave one, else serialized: the same JSON value.
  for (const [i, p] of papers.entries()) out.push(i ? "," : "", papersJson?.[i] ?? JSON.stringify(p));
  out.push("]}");
  return out;
}

export const renderApi = (view: ListView): string => apiPieces(view).join("");
