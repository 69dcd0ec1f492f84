// Small named errors with context. The HTTP layer turns them into responses in one place
// (src/http.ts); the scrape turns source errors into a per-day failure in its report.

/** An error that maps to an HTTP answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
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
    super(400, `Invalid parameter "${parameter}": ${rule}`, { parameter, rule }, options);
    this.name = "BadRequestError";
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string) {
    super(404, `${what} not found`);
    this.name = "NotFoundError";
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
