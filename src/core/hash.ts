// SHA-256 as hex, for content hashes and validators: crypto.subtle is native in Workers
// (developers.cloudflare.com/workers/runtime-apis/web-crypto/).
const utf8 = new TextEncoder();

/** The SHA-256 of a text's UTF-8 bytes. */
export const sha256 = (text: string): Promise<ArrayBuffer> =>
  crypto.subtle.digest("SHA-256", utf8.encode(text));

/** The first `bytes` bytes (16 by default) of the SHA-256 of a text, as hex. */
export async function sha256Hex(text: string, bytes = 16): Promise<string> {
  const digest = new Uint8Array(await sha256(text));
  let out = "";
  for (const b of digest.subarray(0, bytes)) out += b.toString(16).padStart(2, "0");
  return out;
}
