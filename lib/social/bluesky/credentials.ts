// Bluesky: an app password for a handle on a PDS (bsky.social or self-hosted), or an account
// connected with "Connect with Bluesky" (atproto OAuth, ./oauth.ts), whose credentials only name
// the DID: the session itself (DPoP key, tokens) is kept in BlueskyOAuthSession.
import { z } from "zod";

export const blueskyAppPasswordCredentials = z.object({
  /** Absent in what the form sends; it only tells the two shapes apart. */
  auth: z.literal("app_password").optional(),
  service: z.url().default("https://bsky.social"),
  identifier: z.string().min(1),
  appPassword: z.string().min(1),
});
export type BlueskyAppPasswordCredentials = z.infer<typeof blueskyAppPasswordCredentials>;

export const blueskyOAuthCredentials = z.object({
  auth: z.literal("oauth"),
  did: z.string().regex(/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/, "must be a DID"),
});
export type BlueskyOAuthCredentials = z.infer<typeof blueskyOAuthCredentials>;

/**
 * Told apart by `auth`, so a form missing its app password gets that field's error. The form
 * (app-password) shape comes first: the credentials form is generated from it.
 */
export const blueskyCredentials = z.discriminatedUnion("auth", [blueskyAppPasswordCredentials, blueskyOAuthCredentials]);
export type BlueskyCredentials = z.infer<typeof blueskyCredentials>;

export const isOAuthCredentials = (c: BlueskyCredentials): c is BlueskyOAuthCredentials => c.auth === "oauth";
