// A/B variants: two to five texts of one post, published to different posting slots (all chosen
// accounts, one slot each) or to different accounts (same time), tied together by a variant group;
// when engagement arrives, the group's numbers say which variant did best.
import { randomUUID } from "node:crypto";
import { scheduleForCaller, type Caller } from "../approval";
import { db } from "../db";
import { HeraldError } from "../errors";
import { networkFieldsOf } from "../social/network-fields";
import type { ScheduleVariantsInput } from "../validation/ai";
import { nextSlotFor } from "../workspace-settings";
import { engagementScore } from "./best-time";
import { blocking, checkPostCompliance } from "./compliance";
import { complianceError, loadBrandVoice } from "./compliance-db";
import { clock } from "../clock";

export async function scheduleVariants(workspaceId: string, input: ScheduleVariantsInput, caller: Caller, now = clock.now()) {
  const group = randomUUID();
  const scheduled: { label: string; postId: string | null; scheduledAt: string; accountIds: string[]; approvalState: string }[] = [];
  if (input.spread === "accounts" && input.accountIds.length < input.variants.length) {
    throw new HeraldError("validation_failed", "The request is invalid.", {
      fields: [{ path: "accountIds", message: `Spreading ${input.variants.length} variants over accounts needs at least ${input.variants.length} accounts.` }],
    });
  }
  // Every variant passes the brand's rules before the first is scheduled (no half-filed test).
  const voice = await loadBrandVoice(db(), workspaceId);
  for (const v of input.variants) {
    const findings = checkPostCompliance({ text: v.text, link: input.link }, voice);
    if (blocking(findings).length) throw complianceError(findings);
  }
  for (const [i, v] of input.variants.entries()) {
    let at = input.scheduledAt;
    let accountIds = input.accountIds;
    if (input.spread === "accounts") {
      accountIds = [input.accountIds[i]];
    } else {
      // Each variant to every account, in the next free posting slot after the previous variant's.
      const slot = await nextSlotFor(workspaceId, input.accountIds, now);
      if (!slot.scheduledAt) {
        throw new HeraldError("invalid_state", "There is no free posting slot for the variants; add posting slots in Settings or spread them over accounts.");
      }
      at = slot.scheduledAt;
    }
    const r = await scheduleForCaller(
      workspaceId,
      {
        type: "social_post",
        accountIds,
        content: v.text,
        scheduledAt: at,
        config: {
          priority: 0,
          ...(input.link && { link: input.link }),
          ...(input.media && { media: input.media }),
          ...networkFieldsOf(input),
        },
        idempotencyKey: `variant-${group}-${v.label}`,
      },
      caller,
      now,
      { variantGroup: group, variantLabel: v.label },
    );
    scheduled.push({ label: v.label, postId: r.postId, scheduledAt: at ?? now.toISOString(), accountIds, approvalState: r.approvalState });
  }
  return { group, variants: scheduled };
}

/** Each variant's latest engagement (summed over its targets) and, once all have numbers, the winner. */
export async function compareVariants(workspaceId: string, group: string) {
  const posts = await db().post.findMany({
    where: { workspaceId, variantGroup: group },
    orderBy: { variantLabel: "asc" },
    select: {
      id: true,
      variantLabel: true,
      text: true,
      status: true,
      scheduledAt: true,
      targets: {
        where: { workspaceId },
        select: { platform: true, snapshots: { orderBy: { collectedAt: "desc" }, take: 1, select: { likes: true, reposts: true, replies: true, impressions: true, simulated: true } } },
      },
    },
  });
  if (!posts.length) throw new HeraldError("not_found", "Variant group not found.");
  const variants = posts.map((p) => {
    const latest = p.targets.flatMap((t) => t.snapshots);
    const sum = (k: "likes" | "reposts" | "replies") => latest.reduce((s, m) => s + m[k], 0);
    const totals = { likes: sum("likes"), reposts: sum("reposts"), replies: sum("replies") };
    return {
      label: p.variantLabel,
      postId: p.id,
      text: p.text,
      status: p.status,
      scheduledAt: p.scheduledAt,
      measured: latest.length > 0,
      simulated: latest.some((m) => m.simulated),
      ...totals,
      score: engagementScore(totals),
    };
  });
  const allMeasured = variants.every((v) => v.measured);
  const best = allMeasured ? [...variants].sort((a, b) => b.score - a.score)[0] : null;
  const tie = best !== null && variants.filter((v) => v.score === best.score).length > 1;
  return {
    group,
    variants,
    winner: best && !tie ? best.label : null,
    verdict: !allMeasured
      ? "Waiting for engagement numbers from every variant."
      : tie
        ? "No winner yet: the leading variants are tied."
        : `Variant ${best!.label} is ahead (score ${best!.score}: likes + 2 × reposts + 3 × replies).`,
  };
}
