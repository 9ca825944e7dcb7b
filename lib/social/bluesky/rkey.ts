// Deterministic record keys: the idempotency of a Bluesky publish.
//
// A repository holds at most one record per (collection, rkey), so a createRecord with an rkey
// that already exists fails and creates nothing. If the rkey is a pure function of Herald's task
// idempotencyKey, a repeated publish of the same task (a retry after a timeout, a second cron
// run) cannot create a second post, and reconcile can look the post up exactly with getRecord.
//
// app.bsky.feed.post declares `"key": "tid"`, so the rkey must be a valid TID
// (atproto.com/specs/tid): a 64-bit integer with the top bit 0, then 53 bits of microseconds
// since the UNIX epoch, then a 10-bit "clock identifier", written as 13 characters of
// base32-sortable (alphabet 234567abcdefghijklmnopqrstuvwxyz; the first character is therefore
// one of 234567abcdefghij).
//
// Derivation (version 1; never change it, or retries of old tasks would post again):
//   d  = SHA-256("herald:bluesky:rkey:v1" ‖ 0x00 ‖ key ‖ 0x00 ‖ attempt), attempt = "0", "1", …
//   t  = BASE_US + (first 46 bits of d)        microseconds: 2023-01-01T00:00:00Z + < 2.23 years
//   c  = next 10 bits of d                     the clock identifier
//   rkey = base32sortable((t << 10) | c), 13 characters
// The timestamp is kept in a fixed past window (never in the future, never before the network
// existed) so the key looks like any other TID to every validator; 56 bits of the hash remain.
// `attempt` only advances past a candidate that the PDS's rkey word filter might reject
// (see `looksFiltered`), so in practice it is always "0".
// Thread parts use the key `${key}#thread:${i}` (i = 1, 2, …) and the first comment
// `${key}#comment`: each part is idempotent on its own.
import { createHash } from "node:crypto";

const ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
const PREFIX = "herald:bluesky:rkey:v1";
/** 2023-01-01T00:00:00Z in microseconds. */
const BASE_US = 1_672_531_200_000_000n;
const TIMESTAMP_BITS = 46n;
const CLOCK_BITS = 10n;

export const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

export function encodeTid(value: bigint): string {
  let v = value;
  let out = "";
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

export function decodeTid(tid: string): { timestampUs: bigint; clockId: number } {
  if (!TID_PATTERN.test(tid)) throw new Error(`Not a TID: ${tid}`);
  let v = 0n;
  for (const ch of tid) v = (v << 5n) | BigInt(ALPHABET.indexOf(ch));
  return { timestampUs: v >> CLOCK_BITS, clockId: Number(v & ((1n << CLOCK_BITS) - 1n)) };
}

/**
 * The PDS refuses record keys that match its slur word list (packages/pds/src/handle/
 * explicit-slurs.ts, applied to every rkey). One of its patterns has no word boundary, so a
 * random 13-character key could in principle contain it; this conservative superset (any
 * "n?gg"/"n?gq"/"n?qq" run, or a whole key starting "tra…n") skips such candidates.
 */
function looksFiltered(tid: string): boolean {
  return /n.[gq]{2}/.test(tid) || /^tra+n/.test(tid);
}

function candidate(key: string, attempt: number): string {
  const d = createHash("sha256").update(`${PREFIX}\u0000${key}\u0000${attempt}`).digest();
  const bits = d.readBigUInt64BE(0);
  const ts = bits >> (64n - TIMESTAMP_BITS);
  const clock = (bits >> (64n - TIMESTAMP_BITS - CLOCK_BITS)) & ((1n << CLOCK_BITS) - 1n);
  return encodeTid(((BASE_US + ts) << CLOCK_BITS) | clock);
}

/** The record key for an idempotency key: the same key always gives the same valid TID. */
export function rkeyFor(key: string): string {
  for (let attempt = 0; ; attempt++) {
    const tid = candidate(key, attempt);
    if (!looksFiltered(tid)) return tid;
  }
}

export const threadPartKey = (key: string, index: number) => `${key}#thread:${index}`;
export const firstCommentKey = (key: string) => `${key}#comment`;
