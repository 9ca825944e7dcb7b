// Instagram business account: its IG user id and an access token (instagram_content_publish).
import { z } from "zod";

export const instagramCredentials = z.object({
  igUserId: z.string().min(1),
  accessToken: z.string().min(1),
});
export type InstagramCredentials = z.infer<typeof instagramCredentials>;
