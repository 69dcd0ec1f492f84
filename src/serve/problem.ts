// Every error becomes an RFC 9457 problem details answer here, and only here.
import { errorText } from "../core/errors";
import { HttpError } from "./errors";
import { toResponse } from "./httpCache";

export const PROBLEM_TYPE = "application/problem+json";

export async function problem(err: unknown): Promise<Response> {
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
    type: e.type,
    title: e.title,
    status: e.status,
    detail: e.message,
    ...e.extensions,
  });
  const response = await toResponse({ body, type: PROBLEM_TYPE, status: e.status, cacheControl: "no-store" });
  for (const [k, v] of Object.entries(e.headers)) response.headers.set(k, v);
  return response;
}
