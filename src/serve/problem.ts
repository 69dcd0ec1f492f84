// Every error becomes an RFC 9457 problem details answer here, and only here.
import Negotiator from "negotiator";
import { errorText } from "../core/errors";
import { HttpError } from "./errors";
import { FORMATS } from "./formats";
import { toResponse } from "./httpCache";
import { renderProblemAnswer } from "./render/problemPage";

export const PROBLEM_TYPE = "application/problem+json";
const HTML = "text/html";

/** The `type` of a problem: its page on this deployment, or about:blank. */
export const problemTypeUri = (e: HttpError, requestUrl: string) =>
  e.type ? new URL(`/problems/${e.type}`, requestUrl).href : "about:blank";

/** The list formats a person reads in a browser (the front page). */
const HTML_LIST_PATHS = new Set(FORMATS.filter((f) => f.contentType.startsWith(HTML)).map((f) => f.path));
/**
 * The routes a person reads in a browser (those pages, and a paper's own page, /papers/:id):
 * a problem there is a page too when the browser asks for HTML. The rest answer problem+json.
 */
const isPage = (path: string) => HTML_LIST_PATHS.has(path) || path.startsWith("/papers/");
// JSON first: a client that accepts any type, or sends no Accept, gets problem+json.
const OFFERED = [PROBLEM_TYPE, "application/json", HTML];
/** Accept's media ranges, q-values and case (RFC 9110 section 12.5.1), read by jshttp's negotiator. */
const prefersHtml = (headers?: Headers) =>
  new Negotiator({ headers: { accept: headers?.get("accept") ?? "*/*" } }).mediaType(OFFERED) === HTML;

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
  const page = isPage(new URL(request.url).pathname);
  const html = page && prefersHtml(request.headers);
  const response = await toResponse({
    body: html ? renderProblemAnswer(fields) : JSON.stringify({ ...fields, ...e.extensions }),
    type: html ? `${HTML}; charset=utf-8` : PROBLEM_TYPE,
    status: e.status,
    cacheControl: "no-store",
  });
  // The answer for these routes depends on Accept (RFC 9110 section 12.5.5).
  if (page) response.headers.append("vary", "Accept");
  for (const [k, v] of Object.entries(e.headers)) response.headers.set(k, v);
  return response;
}
