// ETags of list answers come from the data versions, salted with ANSWER_FORMAT (serve/router.ts),
// not from the body: a change to what a renderer writes must change the salt, or a reader or
// Workers Cache holding the old ETag keeps the old rendering. This test holds the two together:
// when any renderer's output for these views changes, it fails until ANSWER_FORMAT is bumped
// and the new fingerprint recorded here.
import { expect, it } from "vitest";
import { sha256Hex } from "../../../src/core/hash";
import { FORMATS } from "../../../src/serve/formats";
import { ANSWER_FORMAT } from "../../../src/serve/router";
import { PLAIN, SAMPLE, sampleView } from "./sample";

const RECORDED = { answerFormat: "11", fingerprint: "cbfa0a9e0061bdfbe12c9b1ff60e7f51" };

it("ANSWER_FORMAT moves whenever what the renderers write moves", async () => {
  const views = [
    sampleView(),
    sampleView({ papers: [SAMPLE, PLAIN], nextUrl: "https://feed.example/feed.atom?cursor=x" }),
    sampleView({
      papers: [],
      digest: [{ date: "2026-05-15", addedAt: "2026-05-15T08:00:00.000Z", papers: [SAMPLE] }],
    }),
    sampleView({
      archive: { archive: true, prev: "https://feed.example/p", next: "https://feed.example/n" },
    }),
  ];
  const written = FORMATS.flatMap((f) => views.map((v) => `${f.path}\n${f.render(v).join("")}`)).join(
    "\n\f\n",
  );
  const fingerprint = await sha256Hex(written);
  expect(
    { answerFormat: ANSWER_FORMAT, fingerprint },
    "the renderers' output changed: bump ANSWER_FORMAT in src/serve/router.ts, then record both here",
  ).toEqual(RECORDED);
});
