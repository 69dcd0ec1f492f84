// Every error becomes an RFC 9457 problem details answer here, and only here.
import { errorText } from "../core/errors";
import { HttpError } from "./errors";
import { toResponse } from "./httpCache";

export const PROBLEM_TYPE = "application/problem+json";

/** The `type` of a problem: its page on this deployment, or about:blank. */
export const problemTypeUri = (e: HttpError, requestUrl: string) =>
  e.type ? new URL(`/problems/${e.type}`, requestUrl).href : "about:blank";

export async function problem(err: unknown, request: { url: string }): Promise<Response> {
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
  const body = JSON.stringify({
    type: problemTypeUri(e, request.url),
    title: e.title,
    status: e.status,
    detail: e.message,
    ...e.extensions,
  });
  const response = await toResponse({ body, type: PROBLEM_TYPE, status: e.status, cacheControl: "no-store" });
  for (const [k, v] of Object.entries(e.headers)) response.headers.set(k, v);
  return response;
}
