// AES-256-GCM for account credentials at rest. The key comes from CREDENTIALS_KEY (32 bytes,
// base64 or hex); `npm run dev` generates one into .data/ for local use. Rotation
// (docs/decisions.md, "Credential key rotation"): CREDENTIALS_KEY_PREVIOUS is still accepted for
// reading while `npm run credentials:rotate` re-encrypts everything with CREDENTIALS_KEY.
//
// Format: v2:<key id>:<iv>:<tag>:<data> — the key id (the first 8 bytes of the key's SHA-256, in
// hex) names the key that sealed it, so a reader picks the key instead of trying each. v1 (no key
// id, written before rotation existed) is still read, with each configured key in turn.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "./env";

interface Key {
  id: string;
  bytes: Buffer;
}

function parseKey(name: string, raw: string): Key {
  const bytes = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (bytes.length !== 32) throw new Error(`${name} must be 32 bytes (64 hex characters or base64).`);
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 16), bytes };
}

/** The key that encrypts, and every key that may decrypt (current first). */
function keys(): { current: Key; readable: Key[] } {
  const e = env();
  if (!e.CREDENTIALS_KEY) throw new Error("CREDENTIALS_KEY is not set: it is needed to store or read account credentials.");
  const current = parseKey("CREDENTIALS_KEY", e.CREDENTIALS_KEY);
  const previous = e.CREDENTIALS_KEY_PREVIOUS ? parseKey("CREDENTIALS_KEY_PREVIOUS", e.CREDENTIALS_KEY_PREVIOUS) : null;
  return { current, readable: previous && previous.id !== current.id ? [current, previous] : [current] };
}

/** The id of the key new payloads are sealed with. */
export function currentKeyId(): string {
  return keys().current.id;
}

/** The key id a payload names (null for v1, which names none). */
export function keyIdOf(payload: string): string | null {
  const [version, kid] = payload.split(":");
  return version === "v2" ? (kid ?? null) : null;
}

export function encryptJson(value: unknown): string {
  const { current } = keys();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.bytes, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return ["v2", current.id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

function open(bytes: Buffer, iv: string, tag: string, data: string): string {
  const decipher = createDecipheriv("aes-256-gcm", bytes, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}

export function decryptJson<T = unknown>(payload: string): T {
  const parts = payload.split(":");
  const { readable } = keys();
  if (parts[0] === "v2" && parts.length === 5) {
    const [, kid, iv, tag, data] = parts;
    const key = readable.find((k) => k.id === kid);
    if (!key) {
      throw new Error(`These credentials were encrypted with a key that is not configured (key id ${kid}): set it as CREDENTIALS_KEY_PREVIOUS until \`npm run credentials:rotate\` has run.`);
    }
    return JSON.parse(open(key.bytes, iv, tag, data)) as T;
  }
  if (parts[0] === "v1" && parts.length === 4) {
    const [, iv, tag, data] = parts;
    for (const key of readable) {
      try {
        return JSON.parse(open(key.bytes, iv, tag, data)) as T;
      } catch {
        // the next key
      }
    }
    throw new Error("These credentials could not be decrypted with CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS.");
  }
  throw new Error("Unrecognised credentials format.");
}
