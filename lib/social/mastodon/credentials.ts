// Mastodon: the instance's base URL and a user access token with write:statuses and write:media.
import { z } from "zod";

export const mastodonCredentials = z.object({
  instanceUrl: z.url(),
  accessToken: z.string().min(1),
});
export type MastodonCredentials = z.infer<typeof mastodonCredentials>;
