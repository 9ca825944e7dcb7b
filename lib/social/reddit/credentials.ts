// Reddit account: a user access token (scopes identity, submit, read, flair, history; "Connect with
// Reddit" also asks for mysubreddits) and, for a "permanent" grant, the refresh token that renews it
// with the Reddit app's keys (REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET). The account's handle is
// the Reddit username. When the token expires is the account's tokenExpiresAt, not a credential: a
// refresh moves it (lib/tasks/refresh-token.ts).
import { z } from "zod";

export const redditCredentials = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
});
export type RedditCredentials = z.infer<typeof redditCredentials>;
