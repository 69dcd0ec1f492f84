// Third-party checks of the feeds, run inside the test suite.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateJsonFeedSchema = ajv.compile(jsonFeedSchema);

/** Errors of a JSON Feed against the JSON Feed 1.1 JSON Schema, plus unique item ids. */
export function jsonFeedErrors(feed: unknown): string[] {
  const errors = validateJsonFeedSchema(feed) ? [] : (validateJsonFeedSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const ids = ((feed as { items?: { id: string }[] }).items ?? []).map((i) => i.id);
  if (new Set(ids).size !== ids.length) errors.push("item ids are not unique");
  return errors;
}

/** Parses Atom with a real XML parser; throws on malformed XML. */
export function parseAtom(xml: string): { feed: Record<string, any>; entries: Record<string, any>[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["entry", "link", "author", "category"].includes(name) }).parse(xml);
  return { feed: doc.feed, entries: doc.feed.entry ?? [] };
}
