// The compliance check against a workspace's stored brand voice: the gate scheduleTask passes
// every post through before anything is written (lib/posting/schedule.ts).
import type { Db, Tx } from "../db";
import { HeraldError } from "../errors";
import type { Platform } from "../generated/prisma/enums";
import { isAiWritten, type ScheduleTaskInput } from "../validation/tasks";
import { brandVoiceOf, type BrandVoice } from "../validation/workspace-settings";
import { blocking, checkPostCompliance, type Finding, type PostForCompliance } from "./compliance";

export async function loadBrandVoice(prisma: Db | Tx, workspaceId: string): Promise<BrandVoice> {
  const ws = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { brandVoice: true } });
  if (!ws) throw new HeraldError("not_found", "Workspace not found.");
  return brandVoiceOf(ws.brandVoice);
}

/** The 422 for a post with blocking findings: the first one in the message, all of them in details. */
export function complianceError(findings: Finding[]): HeraldError {
  const blocks = blocking(findings);
  const more = blocks.length > 1 ? ` (and ${blocks.length - 1} more problem${blocks.length > 2 ? "s" : ""})` : "";
  return new HeraldError("compliance_failed", `The post breaks your brand's rules: ${blocks[0]?.message ?? "see the findings."}${more}`, {
    details: { findings },
  });
}

/**
 * Checks a schedule request's texts (content, per-platform overrides, thread parts, first comment)
 * against the workspace's brand voice. Any blocking finding → 422 compliance_failed with every
 * finding in details.findings. Otherwise returns the review findings to store on the post — or
 * null when the text is still to be written by the agent.
 */
export function assertCompliant(input: ScheduleTaskInput, brandVoice: BrandVoice, platforms: readonly Platform[]): Finding[] | null {
  if (input.type !== "social_post") return null;
  // No content (or empty with a brief, isAiWritten): the agent writes the
  // text when the task runs and checks it then. What a person did give (link, overrides, thread,
  // first comment) is still checked here.
  const aiWritten = input.content === null || isAiWritten(input);
  const post: PostForCompliance = {
    text: aiWritten ? "" : (input.content ?? ""),
    link: input.config.link,
    platforms: [...new Set(platforms)],
    overrides: input.config.overrides,
    thread: input.config.thread,
    firstComment: input.config.firstComment,
  };
  const findings = checkPostCompliance(post, brandVoice);
  if (blocking(findings).length) throw complianceError(findings);
  return aiWritten ? null : findings;
}
