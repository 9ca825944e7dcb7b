// What Meta's webhooks share (WhatsApp: app/api/webhooks/whatsapp; Instagram mentions:
// app/api/webhooks/instagram): the subscription check Meta makes when an app subscribes
// (hub.mode=subscribe, hub.verify_token, echo hub.challenge), and the signed POST: X-Hub-Signature-256
// is sha256= and the HMAC of the raw body with the app secret.
import { createHmac, timingSafeEqual } from "node:crypto";
import { MAX_BODY_BYTES, safeEqual } from "../../api/handler";
import { decodeUtf8, readBodyBytes } from "../../api/input";
import { HeraldError } from "../../errors";

/** The signature Meta puts in X-Hub-Signature-256: sha256= and the HMAC of the raw body with the app secret. */
export function signatureOf(body: Uint8Array, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

export function signatureValid(body: Uint8Array, header: string | null, appSecret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signatureOf(body, appSecret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The answer to Meta's subscription check: the challenge, when the verify token (named `tokenName` in errors) matches. */
export function subscriptionAnswer(req: Request, token: string, tokenName: string): Response {
  const q = new URL(req.url).searchParams;
  if (q.get("hub.mode") !== "subscribe" || !safeEqual(q.get("hub.verify_token") ?? "", token)) {
    throw new HeraldError("forbidden", `The verify token does not match ${tokenName}.`);
  }
  const challenge = q.get("hub.challenge") ?? "";
  if (!/^[\w.-]{1,200}$/.test(challenge)) throw new HeraldError("bad_request", "hub.challenge is missing or malformed.");
  return new Response(challenge, { headers: { "content-type": "text/plain" } });
}

/** The body of a signed call, parsed: 401 for a missing or wrong signature, 400 for a body that is not JSON. */
export async function signedJson(req: Request, appSecret: string): Promise<unknown> {
  const raw = await readBodyBytes(req, MAX_BODY_BYTES);
  if (!signatureValid(raw, req.headers.get("x-hub-signature-256"), appSecret)) {
    throw new HeraldError("unauthorized", "Missing or wrong X-Hub-Signature-256.");
  }
  try {
    return JSON.parse(decodeUtf8(raw));
  } catch {
    throw new HeraldError("bad_request", "The body is not valid JSON.");
  }
}
