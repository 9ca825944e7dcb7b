// YouTube account: a Google OAuth access token with the youtube.upload and youtube.readonly scopes
// (an hour's life) and the refresh token that renews it with the Google app's keys
// (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET); channelId is the channel the token posts to, when
// known. When the token expires is the account's tokenExpiresAt, not a credential.
import { z } from "zod";

export const youtubeCredentials = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  channelId: z.string().min(1).optional(),
});
export type YoutubeCredentials = z.infer<typeof youtubeCredentials>;
