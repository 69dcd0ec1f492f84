// The page a problem `type` URI resolves to: what the problem means and what to do.
import { escapeHtml } from "./escape";

export interface ProblemPage {
  name: string;
  title: string;
  status: number;
  description: string;
}

export const renderProblemPage = ({
  name,
  title,
  status,
  description,
}: ProblemPage): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}: problem type</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; }</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Problem type <code>${escapeHtml(name)}</code>, answered with HTTP status ${status} as
<code>application/problem+json</code> (RFC 9457).</p>
<p>${escapeHtml(description).replace(/`([^`]+)`/g, "<code>$1</code>")}</p>
<p><a href="/">Front page</a> · <a href="/openapi.json">API description</a></p>
</body>
</html>
`;
