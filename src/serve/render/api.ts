// The JSON API's list answer (PapersAnswer in serve/answers.ts).
import { canonicalParams } from "../query";
import type { ListView } from "./view";

export const renderApi = ({ papers, total, days, query, nextUrl }: ListView): string =>
  JSON.stringify({
    count: papers.length,
    total,
    days,
    filters: Object.fromEntries(canonicalParams(query)),
    next: nextUrl ?? null,
    papers,
  });
