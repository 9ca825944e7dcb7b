// Threads account: its Threads user id and an access token (threads_basic, threads_content_publish).
import { z } from "zod";

export const threadsCredentials = z.object({
  threadsUserId: z.string().min(1),
  accessToken: z.string().min(1),
});
export type ThreadsCredentials = z.infer<typeof threadsCredentials>;
