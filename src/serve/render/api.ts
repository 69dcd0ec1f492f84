// The JSON API's list answer (PapersAnswer in serve/answers.ts).
import type { ListView } from "./view";

export function renderApi({ papers, total, days, filters, nextUrl }: ListView): string {
  return JSON.stringify({ count: papers.length, total, days, filters, next: nextUrl ?? null, papers });
}
