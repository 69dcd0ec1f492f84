// Third-party checks of the feeds, run inside the test suite.

import Ajv from "ajv";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import * as z from "zod";

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateJsonFeedSchema = ajv.compile(jsonFeedSchema);

/** Errors of a JSON Feed against the JSON Feed 1.1 JSON Schema, plus unique item ids. */
export function jsonFeedErrors(feed: unknown): string[] {
  const errors = validateJsonFeedSchema(feed)
    ? []
    : (validateJsonFeedSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const ids = ((feed as { items?: { id: string }[] }).items ?? []).map((i) => i.id);
  if (new Set(ids).size !== ids.length) errors.push("item ids are not unique");
  return errors;
}

/** Parses Atom with a real XML parser; throws on malformed XML. */
export function parseAtom(xml: string): { feed: Record<string, any>; entries: Record<string, any>[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    isArray: (name) => ["entry", "link", "author", "category"].includes(name),
  }).parse(xml);
  return { feed: doc.feed, entries: doc.feed.entry ?? [] };
}

/** The parts of our JSON Feed the tests read, parsed rather than cast. */
export const JsonFeedAnswer = z.object({
  version: z.string(),
  title: z.string(),
  next_url: z.string().optional(),
  items: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      title: z.string(),
      content_html: z.string(),
      date_published: z.string(),
      authors: z.array(z.object({ name: z.string() })).optional(),
      _daily_papers: z.object({ arxiv_id: z.string(), upvotes: z.number(), listed_on: z.string() }),
    }),
  ),
});
