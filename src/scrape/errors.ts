// The two ways reading upstream fails. The run turns either into a failed day in its
// report; neither ever reaches an HTTP answer.

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

/** The upstream answered, but what it answered could not be read as a day of papers. */
export class ParseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ParseError";
  }
}
