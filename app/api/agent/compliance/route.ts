// POST /api/agent/compliance — checks a post's text against the workspace's brand voice (words to avoid, profanity, claims, link policy, hashtags, emoji) and returns the findings (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { checkPostCompliance } from "@/lib/ai/compliance";
import { loadBrandVoice } from "@/lib/ai/compliance-db";
import { db } from "@/lib/db";
import { ComplianceCheckInput } from "@/lib/validation/compliance";

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const input = await readJson(req, ComplianceCheckInput);
  const brandVoice = await loadBrandVoice(db(), workspaceId);
  return { success: true, findings: checkPostCompliance(input, brandVoice) };
}, { minRole: "editor" });
