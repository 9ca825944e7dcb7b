// zod schema of the engagement API: which post (GET ?postId=, POST { postId }).
import { z } from "zod";

export const EngagementPostRef = z.object({ postId: z.string().min(1).max(100) }).strict();
export type EngagementPostRef = z.infer<typeof EngagementPostRef>;
