// Every error becomes an RFC 9457 problem details answer here, and only here.
import Negotiator from "negotiator";
import { errorText } from "../core/errors";
import { HttpError } from "./errors";
import { toResponse } from "./httpCache";
import { renderProblemAnswer } from "./render/problemPage";

export const PROBLEM_TYPE = "application/problem+json";

/** The `type` of a problem: its page on this deployment, or about:blank. */
export const problemTypeUri = (e: HttpError, requestUrl: string) =>
  e.type ? new URL(`/problems/${e.type}`, requestUrl).href : "about:blank";

/**
 * The routes a person reads in a browser (the front page, a paper's page): a problem there
 * is a page too when the browser asks for HTML. Everything else answers problem+json.
 */
const isPage = (path: string) => path === "/" || path.startsWith("/papers/");
// JSON first: a client that accepts any type, or sends no Accept, gets problem+json.
const OFFERED = [PROBLEM_TYPE, "application/json", "text/html"];
const wantsHtml = (request: { url: string; headers?: Headers }) =>
  isPage(new URL(request.url).pathname) &&
  // Accept's media ranges, q-values and case (RFC 9110 section 12.5.1), read by jshttp's negotiator.
  new Negotiator({ headers: { accept: request.headers?.get("accept") ?? "*/*" } }).mediaType(OFFERED) ===
    "text/html";

export async function problem(err: unknown, request: { url: string; headers?: Headers }): Promise<Response> {
  const e =
    err instanceof HttpError
      ? err
      : new HttpError({
          status: 500,
          title: "Internal Server Error",
          detail: "Something went wrong on our side; the error is logged.",
        });
  if (!(err instanceof HttpError)) {
    console.error(
      JSON.stringify({
        event: "request-error",
        error: errorText(err),
        stack: err instanceof Error ? err.stack : undefined,
      }),
    );
  }
  const fields = {
    type: problemTypeUri(e, request.url),
    title: e.title,
    status: e.status,
    detail: e.message,
  };
  const html = wantsHtml(request);
  const response = await toResponse({
    body: html ? renderProblemAnswer(fields) : JSON.stringify({ ...fields, ...e.extensions }),
    type: html ? "text/html; charset=utf-8" : PROBLEM_TYPE,
    status: e.status,
    cacheControl: "no-store",
  });
  // The answer for these routes depends on Accept (RFC 9110 section 12.5.5).
  if (isPage(new URL(request.url).pathname)) response.headers.append("vary", "Accept");
  for (const [k, v] of Object.entries(e.headers)) response.headers.set(k, v);
  return response;
}
