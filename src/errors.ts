// Small named errors with context. The HTTP layer turns them into RFC 9457 problem
// details in one place (src/http.ts); the scrape turns source errors into a per-day
// failure in its report.

/** Where the project-specific problem types are described (README, "Errors"). */
export const PROBLEM_DOCS = "https://github.com/daily-papers-feed/daily-papers-feed#";

/** An error that maps to an HTTP answer (RFC 9457: type, title, status, detail, extensions). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    /** RFC 9457 section 4.2.1: about:blank when the status code says it all. */
    readonly type = "about:blank",
    readonly headers: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = "HttpError";
  }
}

/** A query or path parameter broke a rule: 400, naming the parameter and the rule. */
export class BadRequestError extends HttpError {
  constructor(
    readonly parameter: string,
    readonly rule: string,
    options?: ErrorOptions,
  ) {
    super(400, "Invalid parameter", `Invalid parameter "${parameter}": ${rule}`, { parameter, rule }, `${PROBLEM_DOCS}invalid-parameter`, {}, options);
    this.name = "BadRequestError";
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string) {
    super(404, "Not Found", `${what} not found`);
    this.name = "NotFoundError";
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(method: string, allow: string[]) {
    super(405, "Method Not Allowed", `${method} is not allowed here; allowed: ${allow.join(", ")}`, { allow }, "about:blank", { allow: allow.join(", ") });
    this.name = "MethodNotAllowedError";
  }
}

export class UnauthorizedError extends HttpError {
  constructor() {
    super(401, "Unauthorized", "Missing or wrong bearer token", { rule: "Authorization: Bearer <ADMIN_TOKEN>" }, `${PROBLEM_DOCS}unauthorized`, {
      "www-authenticate": 'Bearer realm="daily-papers-feed admin"',
    });
    this.name = "UnauthorizedError";
  }
}

/** The upstream answered badly or not at all. */
export class UpstreamError extends Error {
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`${message} (${url})`, options);
    this.name = "UpstreamError";
  }
}

/** The page came back but its data could not be read. */
export class ParseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ParseError";
  }
}

/** The deployment's vars are wrong (wrangler.toml or --var). */
export class ConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConfigError";
  }
}
