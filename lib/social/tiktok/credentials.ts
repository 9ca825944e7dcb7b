// TikTok account: a user access token (scopes user.info.basic, video.publish, video.list) and the
// refresh token that renews it with the TikTok app's keys (TIKTOK_CLIENT_KEY and
// TIKTOK_CLIENT_SECRET); openId is the user's id for the app, kept when TikTok sends it. The
// account's handle is the TikTok username (post URLs are tiktok.com/@<handle>/video/<id>).
// When the token expires is the account's tokenExpiresAt, not a credential: a refresh moves it.
import { z } from "zod";

export const tiktokCredentials = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  openId: z.string().min(1).optional(),
});
export type TikTokCredentials = z.infer<typeof tiktokCredentials>;
