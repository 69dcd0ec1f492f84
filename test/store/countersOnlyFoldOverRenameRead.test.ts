// A paper listed on two days, renamed by a read of its second day (which wrote its record). A read of
// the first day then finds the rename too, and writes no paper record: the record holds it already.
// A slower fold of the first day, stamped before both reads, lands its day record of the old line,
// with a summary that lacks that read. A fold of the read in a run after finds the summary's content
// as the day record's metadata names it, and that the read wrote no paper record of the day: it
// merges its counters alone, and the summary says its content, the old line, was observed when the
// read was. The repair pass then dates the old line after the rename's read, and writes the old
// title over the paper's record.
// The same where the read's run record names no content with its observation (a run's own read,
// older than the counters it wrote; a record written before observations carried it; a hash
// damaged, which decodes as none): the fold took it for counters seen with the summary's content.

import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  lineTitle,
  madeUpDay,
  type Observed,
  observedOf,
  overlapping,
  storedPaperRecord,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, b, c, x] = ["2605.64601", "2605.64602", "2605.64603", "2605.64604"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

const withContent = (o: Observed) => o;
const withoutContent = ({ observation: { content: _gone, ...bare }, ...rest }: Observed): Observed => ({
  ...rest,
  observation: bare,
});

it.each([
  ["naming its content", withContent],
  ["naming no content", withoutContent],
])(
  "a fold of a read that found a rename another day's read wrote, %s, keeps the rename",
  async (_, recorded) => {
    await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "A")]);
    await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);
    // A read of the first day finding a new paper b is undone by a slower run's day record and summary.
    const undone = await first.undoneRead(T0 + 2 * MIN, [
      first.paper(a, 1),
      first.paper(x, 2, "A"),
      first.paper(b, 4),
    ]);
    // A fold of it reads the store; its writes wait. A read of the second day finds x renamed, then a
    // read of the first day finds it too; then the fold's writes land.
    let read: Awaited<ReturnType<typeof first.settle>> | undefined;
    await overlapping(
      kv,
      (slow) =>
        first.run(T0 + 5 * MIN, {
          observed: [observedOf(T0 + 2 * MIN, undone.settled, { wrote: true })],
          kv: slow,
        }),
      async () => {
        await second.settle(T0 + 10 * MIN, [second.paper(c, 3), second.paper(x, 2, "C")]);
        read = await first.settle(T0 + 15 * MIN, [
          first.paper(a, 1),
          first.paper(x, 2, "C"),
          first.paper(b, 4),
        ]);
      },
    );
    expect(await line(first.DAY), "the first day's line, the fold's").toBe("A");
    expect((await record())?.paper?.title, "x's record, the rename's").toBe("C");

    // A fold of the first day's read, then the repair pass on both days.
    await first.run(T0 + 25 * MIN, {
      observed: [recorded(observedOf(T0 + 15 * MIN, read!, { wrote: true }))],
    });
    for (const day of [first, second]) await day.run(T0 + 35 * MIN, { check: true });
    expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
    expect(await line(second.DAY), "the second day's line").toBe("C");
    expect(await line(first.DAY), "the first day's line").toBe("C");
  },
);
