// X (Twitter) user-context credentials: OAuth 1.0a keys as in the seeds' environment variables.
import { z } from "zod";

export const twitterCredentials = z.object({
  apiKey: z.string().min(1),
  apiSecret: z.string().min(1),
  accessToken: z.string().min(1),
  accessTokenSecret: z.string().min(1),
});
export type TwitterCredentials = z.infer<typeof twitterCredentials>;
