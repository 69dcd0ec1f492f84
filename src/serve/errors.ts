// Errors that map to HTTP answers. The router turns each into RFC 9457 problem details
// in one place (serve/problem.ts); anything else thrown becomes a logged 500.

/**
 * The problem types of this API, declared once. Each is served as a small page at
 * /problems/<name> on the deployment itself, so a `type` URI always resolves
 * (RFC 9457 section 3.1.1 says it should point to human-readable documentation).
 */
export const PROBLEM_TYPES = {
  "invalid-parameter": {
    title: "Invalid parameter",
    status: 400,
    description:
      "A query or path parameter broke a rule. The answer's `parameter` names it and `rule` says the rule. " +
      "Fix the request; repeating it unchanged gives the same answer.",
  },
  "rate-limited": {
    title: "Too many uncached requests",
    status: 429,
    description:
      "This client asked for too many answers that were not cached, each of which costs the Worker KV reads " +
      "and a rendering. Wait as long as `Retry-After` says. Cached answers and /healthz are never limited.",
  },
  unauthorized: {
    title: "Unauthorized",
    status: 401,
    description:
      "The admin route needs `Authorization: Bearer <ADMIN_TOKEN>`, the Worker's ADMIN_TOKEN secret. " +
      "The token was missing or wrong, and nothing was done.",
  },
} as const;
export type ProblemTypeName = keyof typeof PROBLEM_TYPES;

export interface ProblemInit {
  status: number;
  title: string;
  detail: string;
  /** One of PROBLEM_TYPES; absent means about:blank, when the status code says it all (RFC 9457 4.2.1). */
  type?: ProblemTypeName;
  /** Extension members of the problem object (RFC 9457 section 3.2). */
  extensions?: Record<string, unknown>;
  /** Headers the answer must carry (Allow, WWW-Authenticate). */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An error that maps to an HTTP answer: RFC 9457 type, title, status, detail, extensions. */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly type?: ProblemTypeName;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    super(init.detail, { cause: init.cause });
    this.name = "HttpError";
    this.status = init.status;
    this.title = init.title;
    this.type = init.type;
    this.extensions = init.extensions ?? {};
    this.headers = init.headers ?? {};
  }
}

/** A query or path parameter broke a rule: 400, naming the parameter and the rule. */
export class BadRequestError extends HttpError {
  constructor(
    readonly parameter: string,
    readonly rule: string,
    options?: ErrorOptions,
  ) {
    super({
      status: 400,
      title: PROBLEM_TYPES["invalid-parameter"].title,
      detail: `Invalid parameter "${parameter}": ${rule}`,
      type: "invalid-parameter",
      extensions: { parameter, rule },
      cause: options?.cause,
    });
    this.name = "BadRequestError";
  }
}

export class NotFoundError extends HttpError {
  constructor(readonly what: string) {
    super({ status: 404, title: "Not Found", detail: `${what} not found` });
    this.name = "NotFoundError";
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(
    readonly method: string,
    readonly allow: string[],
  ) {
    super({
      status: 405,
      title: "Method Not Allowed",
      detail: `${method} is not allowed here; allowed: ${allow.join(", ")}`,
      extensions: { allow },
      headers: { allow: allow.join(", ") },
    });
    this.name = "MethodNotAllowedError";
  }
}

export class UnauthorizedError extends HttpError {
  constructor() {
    super({
      status: 401,
      title: PROBLEM_TYPES.unauthorized.title,
      detail: "Missing or wrong bearer token",
      type: "unauthorized",
      extensions: { rule: "Authorization: Bearer <ADMIN_TOKEN>" },
      headers: { "www-authenticate": 'Bearer realm="daily-papers-feed admin"' },
    });
    this.name = "UnauthorizedError";
  }
}

/** A client spent its allowance of uncached answers: 429 with Retry-After (RFC 6585 section 4). */
export class RateLimitedError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super({
      status: 429,
      title: PROBLEM_TYPES["rate-limited"].title,
      detail: `Too many uncached requests from this client; try again in ${retryAfterSeconds} s`,
      type: "rate-limited",
      headers: { "retry-after": String(retryAfterSeconds) },
    });
    this.name = "RateLimitedError";
  }
}
