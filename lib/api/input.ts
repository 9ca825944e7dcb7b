// What every request body and query goes through before a schema sees it: a byte limit enforced
// before and while reading, strict UTF-8, and no NUL characters (PostgreSQL's text type cannot
// store U+0000, so a NUL that reached a query would end as a 500 instead of a 400).
import { HeraldError, type FieldError } from "../errors";

export const NUL_MESSAGE = "Must not contain the NUL character (\\u0000).";

/** At most this many offending paths are listed; one is enough to fix the request. */
const MAX_NUL_FIELDS = 20;

function printable(key: string): string {
  return key.replaceAll("\u0000", "\\u0000");
}

/** Dotted paths (as zodFieldErrors writes them) of every string or key in `value` holding a NUL. */
export function nulPaths(value: unknown, prefix: string[] = []): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string[]) => {
    if (out.length >= MAX_NUL_FIELDS) return;
    if (typeof v === "string") {
      if (v.includes("\u0000")) out.push(path.join(".") || "(body)");
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, String(i)]));
    } else if (v !== null && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes("\u0000")) {
          out.push([...path, printable(k)].join("."));
          continue;
        }
        walk(item, [...path, k]);
      }
    }
  };
  walk(value, prefix);
  return out;
}

/** 400 validation_failed naming every field of `value` that holds a NUL character. */
export function assertNoNul(value: unknown, prefix: string[] = []): void {
  const paths = nulPaths(value, prefix);
  if (paths.length === 0) return;
  const fields: FieldError[] = paths.map((path) => ({ path, message: NUL_MESSAGE }));
  throw new HeraldError("validation_failed", "The request is invalid: text may not contain the NUL character (\\u0000).", { fields });
}

export function bodyTooLarge(maxBytes: number): HeraldError {
  return new HeraldError("payload_too_large", `The body is larger than ${maxBytes.toLocaleString("en")} bytes.`, {
    details: { maxBytes },
  });
}

/**
 * The request body's bytes, refused with 413 as soon as it is known to exceed `maxBytes`: by a
 * declared Content-Length before anything is read, otherwise while streaming (the stream is
 * cancelled at the first chunk past the limit, so a chunked body is never buffered whole).
 */
export async function readBodyBytes(req: Request, maxBytes: number, tooLarge = () => bodyTooLarge(maxBytes)): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && declared.trim() !== "" && !(Number(declared) <= maxBytes)) throw tooLarge();
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(total));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Strict UTF-8: a body that is not valid UTF-8 is a 400, not a string full of U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HeraldError("bad_request", "The body is not valid UTF-8.");
  }
}
