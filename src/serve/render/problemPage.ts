// The page a problem `type` URI resolves to: what the problem means and what to do; and a
// problem itself, as a page, for a person whose browser asked for one.
import { escapeHtml } from "./escape";

/** A small page of these: its <title> and the body after the heading, then the links back. */
const problemShell = (title: string, heading: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; }</style>
</head>
<body>
<h1>${heading}</h1>
${body}
<p><a href="/">Front page</a> · <a href="/openapi.json">API description</a></p>
</body>
</html>
`;

/** Markdown-style `code` in a text, as <code>, after escaping. */
const withCode = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");

export interface ProblemPage {
  name: string;
  title: string;
  status: number;
  description: string;
}

export const renderProblemPage = ({ name, title, status, description }: ProblemPage): string =>
  problemShell(
    `${escapeHtml(title)}: problem type`,
    escapeHtml(title),
    `<p>Problem type <code>${escapeHtml(name)}</code>, answered with HTTP status ${status} as
<code>application/problem+json</code> (RFC 9457).</p>
<p>${withCode(description)}</p>`,
  );

export interface ProblemAnswer {
  title: string;
  status: number;
  detail: string;
  /** The problem's `type` URI, or about:blank. */
  type: string;
}

/** A problem as HTML: what a browser shows instead of problem+json (RFC 9457 leaves the format to negotiation). */
export const renderProblemAnswer = ({ title, status, detail, type }: ProblemAnswer): string =>
  problemShell(
    `${escapeHtml(title)} (${status})`,
    escapeHtml(title),
    `<p>${withCode(detail)}</p>
<p class="muted">HTTP status ${status}${type === "about:blank" ? "" : ` · <a href="${escapeHtml(type)}">what this problem means</a>`}</p>`,
  );
