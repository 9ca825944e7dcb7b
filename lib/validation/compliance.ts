// zod schema of a compliance check (POST /api/agent/compliance): a post's text and where it goes.
import { z } from "zod";
import { PlatformEnum } from "./tasks";

export const ComplianceCheckInput = z
  .object({
    text: z.string({ message: "text must be the post's text (a string)." }).max(100_000, "Keep the text under 100,000 characters."),
    link: z.string().trim().min(1).max(2000, "Keep the link under 2,000 characters.").optional(),
    platforms: z.array(PlatformEnum).max(11).optional(),
    overrides: z.partialRecord(PlatformEnum, z.string().max(100_000)).optional(),
    thread: z.array(z.string().max(100_000)).max(25).optional(),
    firstComment: z.string().max(10_000).optional(),
  })
  .strict();
export type ComplianceCheckInput = z.infer<typeof ComplianceCheckInput>;
