// A fixed piece of work, run in workerd (GET /__bench/calibrate) and in Node alike: JSON out
// and back, and a body joined from many pieces, about 300 KB, as a feed answer does. Its CPU
// says how fast the machine is at the time of a run (figures from a loaded machine are not
// comparable with a quiet one's), and whether workerd runs plain JavaScript slower than Node.
export function calibrationWork(): number {
  const items = Array.from({ length: 300 }, (_, i) => ({
    id: `2605.${String(i).padStart(5, "0")}`,
    title: `A study of ${i} things in ${i % 7} settings`,
    summary: `Lorem ipsum dolor sit amet, consectetur adipiscing elit ${i}. `.repeat(14),
    upvotes: (i * 37) % 400,
  }));
  const text = JSON.stringify(items);
  const back = JSON.parse(text) as typeof items;
  const out: string[] = [];
  for (const p of back)
    out.push(
      "<entry>\n<id>",
      p.id,
      "</id>\n<title>",
      p.title,
      "</title>\n<content>",
      p.summary,
      "</content>\n</entry>\n",
    );
  return out.join("").length + text.length;
}
