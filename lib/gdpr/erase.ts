// GDPR erasure of a person (docs/decisions.md, "GDPR erasure"): their account, sessions, sign-in
// methods, memberships and notifications go; records that must stay for the workspace (the audit
// log, post versions, approvals) keep what happened but no longer say who, in one transaction.
import { z } from "zod";
import { db } from "../db";
import { HeraldError } from "../errors";

export const EraseMeInput = z
  .object({
    /** The person's own email, typed again: nothing is erased by a stray request. */
    confirmEmail: z.string().trim().min(3).max(320),
  })
  .strict();
export type EraseMeInput = z.infer<typeof EraseMeInput>;

/** What the log and the posts show where an erased person's name was. */
export const ERASED_LABEL = "erased user";

/**
 * Erases the person. Refused (409) while they are the only owner of a workspace: its members (or
 * its data) would be left without anyone able to manage it; they hand the owner role on first.
 */
export async function erasePerson(userId: string, input: EraseMeInput): Promise<{ erased: true; workspacesLeft: number }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new HeraldError("not_found", "This account no longer exists.");
  if (input.confirmEmail.toLowerCase() !== user.email.toLowerCase()) {
    throw new HeraldError("validation_failed", "Type your own email address to confirm.", { fields: [{ path: "confirmEmail", message: "Does not match your email address." }] });
  }
  const owned = await db().membership.findMany({ where: { userId, role: "owner" }, select: { workspaceId: true, workspace: { select: { name: true } } } });
  const soleOwner: string[] = [];
  for (const m of owned) {
    const owners = await db().membership.count({ where: { workspaceId: m.workspaceId, role: "owner" } });
    if (owners === 1) soleOwner.push(m.workspace.name);
  }
  if (soleOwner.length > 0) {
    throw new HeraldError(
      "conflict",
      `You are the only owner of ${soleOwner.map((n) => `"${n}"`).join(", ")}. Give another member the owner role first, so the workspace keeps someone who can manage it.`,
      { details: { reason: "sole_owner", workspaces: soleOwner } },
    );
  }
  const memberships = await db().membership.count({ where: { userId } });
  await db().$transaction(async (tx) => {
    // What stays, without the person: who did it becomes "erased user".
    await tx.$executeRaw`UPDATE "AuditEvent" SET "actorId" = NULL, "actorLabel" = ${ERASED_LABEL}, ip = NULL WHERE "actorType" = 'user' AND "actorId" = ${userId}`;
    await tx.$executeRaw`UPDATE "AuditEvent" SET "targetId" = NULL WHERE "targetType" = 'member' AND "targetId" = ${userId}`;
    await tx.$executeRaw`UPDATE "AuditEvent" SET detail = detail - 'email' WHERE lower(detail->>'email') = lower(${user.email})`;
    await tx.$executeRaw`UPDATE "PostVersion" SET "userId" = NULL WHERE "userId" = ${userId}`;
    await tx.$executeRaw`UPDATE "Post" SET "approvedBy" = NULL WHERE "approvedBy" = ${userId}`;
    await tx.$executeRaw`UPDATE "Workspace" SET "publishingPausedBy" = NULL WHERE "publishingPausedBy" = ${userId}`;
    await tx.$executeRaw`UPDATE "Workspace" SET "deletionRequestedBy" = NULL WHERE "deletionRequestedBy" = ${userId}`;
    await tx.$executeRaw`UPDATE "InboxItem" SET "assignedToUserId" = NULL WHERE "assignedToUserId" = ${userId}`;
    await tx.$executeRaw`UPDATE "InboxEvent" SET "actorUserId" = NULL WHERE "actorUserId" = ${userId}`;
    await tx.$executeRaw`DELETE FROM "Presence" WHERE "userId" = ${userId}`;
    // Invitations sent to them (those they sent go with their user row).
    await tx.$executeRaw`DELETE FROM "Invitation" WHERE lower(email) = lower(${user.email})`;
    // The rest goes with the user row: sessions, sign-in methods (password hashes, tokens),
    // memberships, notifications, invitations they sent (foreign keys ON DELETE CASCADE).
    await tx.user.delete({ where: { id: userId } });
  });
  return { erased: true, workspacesLeft: memberships };
}
