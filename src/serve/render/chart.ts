// Upvote curves as inline SVG, drawn on the server: no script, and a text alternative that
// says what the curve shows. By hand: a polyline and a few labels are all a chart library
// would emit, and none is needed in the Worker's bundle for that.
import type { HistoryPoint } from "../../core/paper";
import { escapeHtml } from "./escape";

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Points scaled into a box, time along x and upvotes up y. */
function scaled(series: HistoryPoint[], width: number, height: number, pad: number): string {
  const [t0, t1] = [series[0]![0], series.at(-1)![0]];
  const votes = series.map(([, v]) => v);
  const [v0, v1] = [Math.min(...votes), Math.max(...votes)];
  const x = (t: number) => pad + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = (v: number) => height - pad - (v1 === v0 ? 0 : ((v - v0) / (v1 - v0)) * (height - 2 * pad));
  // A step line: a count holds until the next change.
  const points: string[] = [];
  series.forEach(([t, v], i) => {
    if (i > 0) points.push(`${fmt(x(t))},${fmt(y(series[i - 1]![1]))}`);
    points.push(`${fmt(x(t))},${fmt(y(v))}`);
  });
  return points.join(" ");
}

/** What the curve says, for screen readers and as a tooltip. */
export const curveText = (series: HistoryPoint[]) =>
  `Upvotes from ${series[0]![1]} to ${series.at(-1)![1]} between ${new Date(series[0]![0] * 1000).toISOString().slice(0, 16).replace("T", " ")} and ${new Date(series.at(-1)![0] * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** A small curve for a list: 80 × 20, its text alternative in aria-label and <title>. */
export function sparkline(series: HistoryPoint[] | undefined): string {
  if (!series || series.length < 2) return "";
  const text = escapeHtml(curveText(series));
  return `<svg class="spark" width="80" height="20" viewBox="0 0 80 20" role="img" aria-label="${text}"><title>${text}</title><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${scaled(series, 80, 20, 2)}"/></svg>`;
}

/** The full curve for a paper's page: axes labelled with time and upvotes. */
export function curve(series: HistoryPoint[] | undefined): string {
  if (!series || series.length === 0) return "<p>No upvote history stored yet.</p>";
  const full = series.length === 1 ? [series[0]!, series[0]!] : series;
  const [w, h, pad] = [640, 240, 48];
  const votes = full.map(([, v]) => v);
  const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ");
  const text = escapeHtml(curveText(full));
  return `<figure><svg class="curve" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${text}">
<title>${text}</title>
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="currentColor"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="currentColor"/>
<text x="${pad - 6}" y="${h - pad}" text-anchor="end" font-size="12">${Math.min(...votes)}</text>
<text x="${pad - 6}" y="${pad + 4}" text-anchor="end" font-size="12">${Math.max(...votes)}</text>
<text x="${pad}" y="${h - pad + 18}" font-size="12">${day(full[0]![0])}</text>
<text x="${w - pad}" y="${h - pad + 18}" text-anchor="end" font-size="12">${day(full.at(-1)![0])} UTC</text>
<text x="${w / 2}" y="${h - 8}" text-anchor="middle" font-size="12">time (UTC)</text>
<text x="14" y="${h / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${h / 2})">upvotes</text>
<polyline fill="none" stroke="currentColor" stroke-width="2" points="${scaled(full, w, h, pad)}"/>
</svg><figcaption>${text}</figcaption></figure>`;
}
