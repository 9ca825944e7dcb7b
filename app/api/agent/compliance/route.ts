// POST /api/agent/compliance — checks a post's text against the workspace's brand voice (words to avoid, profanity, claims, link policy, hashtags, emoji) and returns the findings (editor).
import { z } from "zod";
import { readJson, withWorkspace } from "@/lib/api/handler";
import { checkPostCompliance } from "@/lib/ai/compliance";
import { loadBrandVoice } from "@/lib/ai/compliance-db";
import { db } from "@/lib/db";
import { PlatformEnum } from "@/lib/validation/tasks";

const ComplianceCheckInput = z
  .object({
    text: z.string({ message: "text must be the post's text (a string)." }).max(100_000, "Keep the text under 100,000 characters."),
    link: z.string().trim().min(1).max(2000, "Keep the link under 2,000 characters.").optional(),
    platforms: z.array(PlatformEnum).max(11).optional(),
    overrides: z.partialRecord(PlatformEnum, z.string().max(100_000)).optional(),
    thread: z.array(z.string().max(100_000)).max(25).optional(),
    firstComment: z.string().max(10_000).optional(),
  })
  .strict();

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const input = await readJson(req, ComplianceCheckInput);
  const brandVoice = await loadBrandVoice(db(), workspaceId);
  return { success: true, findings: checkPostCompliance(input, brandVoice) };
}, { minRole: "editor" });
