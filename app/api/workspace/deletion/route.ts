// /api/workspace/deletion — owners delete the workspace (docs/decisions.md, "GDPR erasure"):
// GET the state; POST { confirmName } schedules the erasure in 30 days and stops publishing;
// DELETE cancels it. Signed-in owners only; API keys are refused.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { auditFromRoute } from "@/lib/audit";
import { HeraldError } from "@/lib/errors";
import { cancelDeletion, getDeletionState, RequestDeletionInput, requestDeletion } from "@/lib/gdpr/workspace-deletion";

export const dynamic = "force-dynamic";

const OWNERS_ONLY = { minRole: "owner" as const, refuseApiKeys: "Deleting a workspace needs a signed-in owner; an API key cannot do it." };

export const GET = withWorkspace(async ({ workspaceId }) => ({ success: true, deletion: await getDeletionState(workspaceId) }), { minRole: "viewer" });

export const POST = withWorkspace(async (ctx) => {
  if (ctx.actor.type !== "user") throw new HeraldError("forbidden", OWNERS_ONLY.refuseApiKeys);
  const deletion = await requestDeletion(ctx.workspaceId, ctx.actor.userId, await readJson(ctx.req, RequestDeletionInput));
  await auditFromRoute(ctx, "workspace.deletion_requested", { detail: { eraseAfter: deletion.eraseAfter } });
  return { success: true, deletion };
}, OWNERS_ONLY);

export const DELETE = withWorkspace(async (ctx) => {
  const r = await cancelDeletion(ctx.workspaceId);
  if (r.cancelled) await auditFromRoute(ctx, "workspace.deletion_cancelled");
  return { success: true, ...r, publishingPaused: true };
}, OWNERS_ONLY);
