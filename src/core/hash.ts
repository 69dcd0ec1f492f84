// SHA-256 as hex, for content hashes and validators: crypto.subtle is native in Workers
// (developers.cloudflare.com/workers/runtime-apis/web-crypto/).
const utf8 = new TextEncoder();

/**
 * FNV-1a (32 bits) of a text's UTF-16 units, as 8 hex digits: a checksum that finds damage
 * in one pass, not a defence against a forger (isthe.com/chongo/tech/comp/fnv/).
 */
export function fnv1a(text: string, from = 0): string {
  let h = 0x811c9dc5;
  for (let i = from; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The SHA-256 of a text's UTF-8 bytes (or of bytes). */
export const sha256 = (text: string | Uint8Array): Promise<ArrayBuffer> =>
  crypto.subtle.digest("SHA-256", typeof text === "string" ? utf8.encode(text) : text);

/** The first `bytes` bytes (16 by default) of the SHA-256 of a text (or of bytes), as hex. */
export async function sha256Hex(text: string | Uint8Array, bytes = 16): Promise<string> {
  const digest = new Uint8Array(await sha256(text));
  let out = "";
  for (const b of digest.subarray(0, bytes)) out += b.toString(16).padStart(2, "0");
  return out;
}
