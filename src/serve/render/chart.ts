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

/** A point's time as "YYYY-MM-DD HH:MM" (UTC). */
const minute = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ");
const upvotes = (n: number) => `${n} upvote${n === 1 ? "" : "s"}`;

/**
 * What the curve says, for screen readers and as a tooltip. One point is one observation,
 * not a change "from N to N".
 */
export const curveText = (series: HistoryPoint[]) =>
  series.length === 1
    ? `One observation: ${upvotes(series[0]![1])} at ${minute(series[0]![0])} UTC`
    : `Upvotes from ${series[0]![1]} to ${series.at(-1)![1]} between ${minute(series[0]![0])} and ${minute(series.at(-1)![0])} UTC`;

/**
 * A small curve for a list: 80 × 20, its text alternative in aria-label and <title>. One
 * point is a single marker in the middle: a line needs two.
 */
export function sparkline(series: HistoryPoint[] | undefined): string {
  if (!series || series.length === 0) return "";
  const text = escapeHtml(curveText(series));
  const mark =
    series.length === 1
      ? '<circle cx="40" cy="10" r="2.5" fill="currentColor"/>'
      : `<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${scaled(series, 80, 20, 2)}"/>`;
  const box = 'class="spark" width="80" height="20" viewBox="0 0 80 20" role="img"';
  return `<svg ${box} aria-label="${text}"><title>${text}</title>${mark}</svg>`;
}

/** One observation on a paper's page: a marker labelled with its count and time, no axes to span. */
function singlePoint([t, v]: HistoryPoint, w: number, h: number, text: string): string {
  return `<figure><svg class="curve" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${text}">
<title>${text}</title>
<circle cx="${w / 2}" cy="${h / 2}" r="6" fill="currentColor"/>
<text x="${w / 2}" y="${h / 2 - 16}" text-anchor="middle" font-size="14">${upvotes(v)}</text>
<text x="${w / 2}" y="${h / 2 + 28}" text-anchor="middle" font-size="12">${minute(t)} UTC</text>
</svg><figcaption>${text}. The curve is drawn from the second observation on.</figcaption></figure>`;
}

/** The full curve for a paper's page: axes labelled with time and upvotes. */
export function curve(series: HistoryPoint[] | undefined): string {
  if (!series || series.length === 0) return "<p>No upvote history stored yet.</p>";
  const [w, h, pad] = [640, 240, 48];
  const text = escapeHtml(curveText(series));
  if (series.length === 1) return singlePoint(series[0]!, w, h, text);
  const votes = series.map(([, v]) => v);
  return `<figure><svg class="curve" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${text}">
<title>${text}</title>
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="currentColor"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="currentColor"/>
<text x="${pad - 6}" y="${h - pad}" text-anchor="end" font-size="12">${Math.min(...votes)}</text>
<text x="${pad - 6}" y="${pad + 4}" text-anchor="end" font-size="12">${Math.max(...votes)}</text>
<text x="${pad}" y="${h - pad + 18}" font-size="12">${minute(series[0]![0])}</text>
<text x="${w - pad}" y="${h - pad + 18}" text-anchor="end" font-size="12">${minute(series.at(-1)![0])} UTC</text>
<text x="${w / 2}" y="${h - 8}" text-anchor="middle" font-size="12">time (UTC)</text>
<text x="14" y="${h / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${h / 2})">upvotes</text>
<polyline fill="none" stroke="currentColor" stroke-width="2" points="${scaled(series, w, h, pad)}"/>
</svg><figcaption>${text}</figcaption></figure>`;
}
