// Facebook Page: the page id and a Page access token (pages_manage_posts).
import { z } from "zod";

export const facebookCredentials = z.object({
  pageId: z.string().min(1),
  pageAccessToken: z.string().min(1),
});
export type FacebookCredentials = z.infer<typeof facebookCredentials>;
