// zod schemas for approving and rejecting posts that wait for an admin (lib/approval.ts).
import { z } from "zod";

export const RejectPostInput = z
  .object({
    reason: z.string().trim().min(1, "Say why, so the editor can fix the post.").max(1000, "Keep the reason under 1,000 characters."),
  })
  .strict();
export type RejectPostInput = z.infer<typeof RejectPostInput>;
