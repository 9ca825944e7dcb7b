// notify: email one notification (docs/decisions.md, "Notifications"). A refused send is a
// transient failure, so the scheduler retries it on its backoff and the task list shows it; a
// member who left, switched email off or was emailed already completes without sending.
import { z } from "zod";
import { appUrl } from "../env";
import { sendMail } from "../mail";
import { failedOutcome, retryableOutcome } from "../scheduler/decide";
import type { TaskContext, TaskHandler } from "../scheduler/handler";
import type { ClaimedTask, TaskOutcome } from "../scheduler/types";

const NotifyConfig = z.object({ notificationId: z.string().min(1) });

/** The email's plain text: what happened, where to look, and how to stop these emails. */
export function notificationEmail(n: { title: string; body: string; link: string | null; kind: string }, base: string): { subject: string; text: string } {
  const lines = [n.title, "", n.body];
  if (n.link) lines.push("", `Open in Herald: ${base}${n.link}`);
  lines.push(
    "",
    "—",
    n.kind === "weekly_digest"
      ? `You get this digest because you opted in. Turn it off in Settings → Notifications: ${base}/dashboard/settings`
      : `Turn these emails off in Settings → Notifications: ${base}/dashboard/settings`,
  );
  return { subject: `Herald: ${n.title}`, text: lines.join("\n") };
}

async function run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome> {
  const cfg = NotifyConfig.safeParse(task.config ?? {});
  if (!cfg.success) return failedOutcome(task, "invalid_config", "The task has no notification id.");
  const n = await ctx.prisma.notification.findFirst({
    where: { id: cfg.data.notificationId, workspaceId: task.workspaceId },
    select: { id: true, userId: true, kind: true, title: true, body: true, link: true, emailedAt: true, user: { select: { email: true } } },
  });
  if (!n) return { kind: "completed", result: { sent: false, reason: "notification_gone" } };
  if (n.emailedAt) return { kind: "completed", result: { sent: false, reason: "already_emailed" } };
  // Read at send time: a member who left or switched email off since gets nothing.
  const member = await ctx.prisma.membership.findFirst({
    where: { workspaceId: task.workspaceId, userId: n.userId },
    select: { emailNotifications: true, weeklyDigest: true },
  });
  if (!member) return { kind: "completed", result: { sent: false, reason: "not_a_member" } };
  if (n.kind === "weekly_digest" ? !member.weeklyDigest : !member.emailNotifications) {
    return { kind: "completed", result: { sent: false, reason: "email_off" } };
  }
  const mail = notificationEmail(n, appUrl());
  let delivered: boolean;
  try {
    ({ delivered } = await sendMail({ to: n.user.email, ...mail }));
  } catch (err) {
    // The SMTP server's words may carry the address; the code and class are enough to retry.
    const code = typeof (err as { responseCode?: unknown }).responseCode === "number" ? `smtp_${(err as { responseCode: number }).responseCode}` : "smtp_error";
    return retryableOutcome({ failureClass: "transient", code, message: "The mail server did not accept the email; it will be tried again." }, task, ctx.now());
  }
  await ctx.prisma.notification.updateMany({ where: { id: n.id, emailedAt: null }, data: { emailedAt: ctx.now() } });
  return { kind: "completed", result: { sent: true, delivered } };
}

export const notifyTask: TaskHandler = { run };
