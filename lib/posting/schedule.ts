// Turning a schedule request into rows: one Post, one PostTarget and one AgentTask per account
// (docs/design.md, protocol 7), all in one transaction, idempotent on the request's key.
import { createHash, randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import type { Db, Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Platform } from "../generated/prisma/enums";
import { encryptJson } from "../crypto";
import type { Finding } from "../ai/compliance";
import { assertCompliant } from "../ai/compliance-db";
import { mediaRefFor } from "../media/assets";
import { HeraldError, type FieldError } from "../errors";
import { envAccount } from "../social/env-fallback";
import { loadAccount } from "../social/accounts";
import { adapterFor } from "../social-media";
import { specFor } from "../social/registry";
import { validateContent } from "../social/spec";
import { isAiWritten, type ScheduleTaskInput } from "../validation/tasks";
import { assertNotInThePast } from "../scheduler/past";
import { isValidTimeZone, makeRecurrence, type Recurrence } from "../scheduler/recurrence";
import { taskSelect, type TaskView } from "../scheduler/view";
import { clock } from "../clock";

export interface ScheduleResult {
  duplicate: boolean;
  postId: string | null;
  tasks: TaskView[];
  /** Compliance findings to review (lib/ai/compliance.ts), also stored on the post; absent for duplicates. */
  compliance?: Finding[];
}

interface Target {
  accountId: string;
  platform: Platform;
}

function resolveWhen(input: ScheduleTaskInput, timeZone: string, now: Date): Date {
  if (!input.scheduledAt) return now;
  const hasOffset = /([zZ]|[+-]\d\d:\d\d)$/.test(input.scheduledAt);
  const dt = hasOffset ? DateTime.fromISO(input.scheduledAt) : DateTime.fromISO(input.scheduledAt, { zone: timeZone });
  if (!dt.isValid) {
    throw new HeraldError("validation_failed", "The request is invalid.", {
      fields: [{ path: "scheduledAt", message: `Not a valid time in ${timeZone}.` }],
    });
  }
  return dt.toJSDate();
}

async function resolveTargets(tx: Tx | Db, workspaceId: string, input: ScheduleTaskInput): Promise<Target[]> {
  const ids = [...(input.accountIds ?? []), ...(input.accountId ? [input.accountId] : [])];
  const targets: Target[] = [];
  if (input.postTargetId) {
    const t = await tx.postTarget.findFirst({
      where: { id: input.postTargetId, workspaceId },
      select: { accountId: true, platform: true },
    });
    if (!t) throw new HeraldError("not_found", `Post target not found: ${input.postTargetId}.`);
    targets.push(t);
  }
  if (ids.length) {
    const found = await tx.socialAccount.findMany({
      where: { workspaceId, id: { in: ids } },
      select: { id: true, platform: true },
    });
    const missing = ids.filter((id) => !found.some((a) => a.id === id));
    if (missing.length) throw new HeraldError("not_found", `Account not found: ${missing.join(", ")}.`);
    targets.push(...found.map((a) => ({ accountId: a.id, platform: a.platform })));
  }
  const platforms = [...(input.platforms ?? []), ...(input.platform ? [input.platform] : [])];
  for (const platform of new Set(platforms)) {
    if (targets.some((t) => t.platform === platform)) continue;
    const accounts = await tx.socialAccount.findMany({
      where: { workspaceId, platform },
      select: { id: true },
      take: 2,
    });
    if (accounts.length > 1) {
      throw new HeraldError("validation_failed", "The request is invalid.", {
        fields: [{ path: "platform", message: `The workspace has several ${platform} accounts: give accountIds.` }],
      });
    }
    const account = accounts[0] ?? (await defaultAccount(tx, workspaceId, platform));
    targets.push({ accountId: account.id, platform });
  }
  return targets;
}

/**
 * No account yet for this platform: the seeds' environment variables when this is the only
 * workspace, otherwise a clearly labelled simulated account (as the seed's scheduler did without keys).
 */
async function defaultAccount(tx: Tx | Db, workspaceId: string, platform: Platform) {
  const fromEnv = envAccount(platform);
  const useEnv = fromEnv !== null && (await tx.workspace.count({ take: 2 })) === 1;
  const handle = useEnv ? fromEnv.handle : `simulated-${platform}`;
  // ON CONFLICT DO NOTHING: concurrent first requests for a platform create one account.
  await tx.socialAccount.createMany({
    data: [
      useEnv
        ? { workspaceId, platform, handle, displayName: `${specFor(platform).label} (from environment)`, credentials: encryptJson(fromEnv.credentials) }
        : { workspaceId, platform, handle, displayName: `Simulated ${specFor(platform).label}` },
    ],
    skipDuplicates: true,
  });
  return tx.socialAccount.findUniqueOrThrow({
    where: { workspaceId_platform_handle: { workspaceId, platform, handle } },
    select: { id: true },
  });
}

/**
 * Validates the post for every target with that account's own adapter (X's weighted length, the
 * Mastodon server's limit, Instagram's hashtag cap, …), so problems show at schedule time.
 */
async function validateTargets(prisma: Db, workspaceId: string, input: ScheduleTaskInput, targets: Target[]): Promise<void> {
  if (input.type !== "social_post") return;
  const fields: FieldError[] = [];
  // The accounts load side by side; problems are reported in the targets' order.
  const accounts = await Promise.all(targets.map((t) => loadAccount(prisma, workspaceId, t.accountId)));
  for (const [i, t] of targets.entries()) {
    const override = input.config.overrides?.[t.platform];
    // The agent writes this platform's text when the task runs and checks it then (lib/ai/task.ts).
    const aiWritten = override === undefined && isAiWritten(input);
    const content = {
      text: override ?? input.content ?? "",
      link: input.config.link,
      media: input.config.media,
      thread: input.config.thread,
      firstComment: input.config.firstComment,
    };
    const account = accounts[i];
    const problems = account
      ? adapterFor(account, { prisma }).validate(content)
      : validateContent(specFor(t.platform), content);
    for (const p of problems) {
      if (aiWritten && p.field === "text") continue;
      const path = p.field === "text" ? (override ? `config.overrides.${t.platform}` : "content") : `config.${p.field}`;
      fields.push({ path, message: `${p.platform}: ${p.message}` });
    }
  }
  if (fields.length) throw new HeraldError("validation_failed", "The post does not fit every platform.", { fields });
}

/** Replaces config.mediaIds with the workspace's uploaded media (404 for anyone else's). */
async function withUploadedMedia(prisma: Db, workspaceId: string, input: ScheduleTaskInput): Promise<ScheduleTaskInput> {
  const ids = input.config.mediaIds;
  if (!ids?.length) return input;
  const assets = await prisma.mediaAsset.findMany({ where: { workspaceId, id: { in: ids } } });
  const missing = ids.filter((id) => !assets.some((a) => a.id === id));
  if (missing.length) throw new HeraldError("not_found", `Media not found: ${missing.join(", ")}.`);
  const refs = ids.map((id) => mediaRefFor(assets.find((a) => a.id === id)!));
  const { mediaIds: _ids, ...config } = input.config;
  return { ...input, config: { ...config, media: [...(config.media ?? []), ...refs] } };
}

function fingerprint(input: ScheduleTaskInput): string {
  const { idempotencyKey: _k, ...rest } = input;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex").slice(0, 32);
}

export interface TaskRowSpec {
  workspaceId: string;
  postId: string | null;
  occurrenceKey: string;
  scheduledAt: Date;
  text: string | null;
  config: Record<string, unknown>;
  overrides?: Partial<Record<Platform, string>>;
  maxRetries: number;
  priority: number;
  type: "social_post" | "collect_engagement";
  postTargetId?: string;
}

/** Creates a post's targets and their tasks (used by schedule and by recurrence). */
export async function createTargetsAndTasks(tx: Tx, spec: TaskRowSpec, targets: Target[]): Promise<string[]> {
  const ids: string[] = [];
  for (const t of targets) {
    const override = spec.overrides?.[t.platform];
    const target =
      spec.postId !== null
        ? await tx.postTarget.create({
            data: {
              workspaceId: spec.workspaceId,
              postId: spec.postId,
              accountId: t.accountId,
              platform: t.platform,
              textOverride: override ?? null,
            },
            select: { id: true },
          })
        : null;
    const task = await tx.agentTask.create({
      data: {
        workspaceId: spec.workspaceId,
        type: spec.type,
        platform: t.platform,
        accountId: t.accountId,
        postTargetId: target?.id ?? spec.postTargetId ?? null,
        scheduledAt: spec.scheduledAt,
        // The task carries the text as this platform will get it.
        content: override ?? spec.text,
        config: spec.config as Prisma.InputJsonValue,
        maxRetries: spec.maxRetries,
        priority: spec.priority,
        idempotencyKey: `${spec.occurrenceKey}:${t.accountId}`,
      },
      select: { id: true },
    });
    ids.push(task.id);
  }
  return ids;
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** What a post held for approval keeps in Post.config until an admin approves it (lib/approval.ts). */
export interface HeldTaskConfig {
  occurrenceKey: string;
  taskConfig: Record<string, unknown>;
  maxRetries: number;
  priority: number;
}

export interface ScheduleOptions {
  /** Create the post and its targets but no tasks: it waits for an admin's approval. */
  holdForApproval?: boolean;
  /** Columns of the Post that the agent sets on posts it creates (lib/ai/autopilot.ts). */
  post?: Pick<Prisma.PostUncheckedCreateInput, "ai" | "campaignId" | "generationKey" | "variantGroup" | "variantLabel">;
}

export async function scheduleTask(
  prisma: Db,
  workspaceId: string,
  input: ScheduleTaskInput,
  now: Date = clock.now(),
  opts: ScheduleOptions = {},
): Promise<ScheduleResult> {
  const hold = opts.holdForApproval === true && input.type === "social_post";
  const workspace = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw new HeraldError("not_found", "Workspace not found.");
  const timeZone = input.timeZone ?? workspace.timeZone;
  if (!isValidTimeZone(timeZone)) {
    throw new HeraldError("validation_failed", "The request is invalid.", {
      fields: [{ path: "timeZone", message: `Unknown IANA time zone: ${timeZone}.` }],
    });
  }
  const scheduledAt = resolveWhen(input, timeZone, now);
  input = await withUploadedMedia(prisma, workspaceId, input);
  const key = input.idempotencyKey ?? randomUUID();
  const requestHash = fingerprint(input);

  const existing = async (): Promise<ScheduleResult | null> => {
    const tasks = await prisma.agentTask.findMany({
      where: { workspaceId, idempotencyKey: { startsWith: `${key}:` } },
      select: taskSelect,
      orderBy: { createdAt: "asc" },
    });
    if (!tasks.length) {
      // A post still waiting for approval has no tasks yet; the post itself carries the key.
      const held = await prisma.post.findFirst({
        where: { workspaceId, idempotencyKey: key, approvalState: { not: "not_required" } },
        select: { id: true, config: true },
      });
      if (!held) return null;
      const cfg = held.config as unknown as HeldTaskConfig;
      if (cfg.taskConfig?.requestHash !== requestHash) {
        throw new HeraldError("conflict", "This idempotencyKey was already used for a different request.");
      }
      return { duplicate: true, postId: held.id, tasks: [] };
    }
    if ((tasks[0].config as Record<string, unknown>)?.requestHash !== requestHash) {
      throw new HeraldError("conflict", "This idempotencyKey was already used for a different request.");
    }
    const target = tasks[0].postTargetId
      ? await prisma.postTarget.findUnique({ where: { id: tasks[0].postTargetId }, select: { postId: true } })
      : null;
    return { duplicate: true, postId: target?.postId ?? null, tasks };
  };

  // A post request's key is on its post (unique per workspace, so the lookup is one index probe):
  // no post with it, nothing to find. Matching the tasks' keys by prefix instead walks all of
  // the workspace's tasks under the usual collations (docs/benchmarks.md §8). Other requests,
  // and a conflict on insert below, look at the tasks.
  const keyUsed = async () => input.type !== "social_post" || (await prisma.post.count({ where: { workspaceId, idempotencyKey: key } })) > 0;
  if (input.idempotencyKey && (await keyUsed())) {
    const dup = await existing();
    if (dup) return dup;
  }
  // After the duplicate check: repeating a request that was accepted answers as it did then.
  if (input.scheduledAt) assertNotInThePast(scheduledAt, now);
  // Before anything is written: blocking findings refuse the request (422), the rest go on the post.
  const compliance = await assertCompliant(prisma, workspaceId, input);

  const { maxRetries, priority, overrides, ...rest } = input.config;
  const recurrence: Recurrence | null = input.recurrence ? makeRecurrence(input.recurrence, scheduledAt, timeZone) : null;
  const config: Record<string, unknown> = { ...rest, requestHash, ...(recurrence ? { recurring: true } : {}) };

  try {
    // Outside the transaction: validation loads accounts on other connections.
    const targets = await resolveTargets(prisma, workspaceId, input);
    await validateTargets(prisma, workspaceId, input, targets);
    const { postId, ids } = await prisma.$transaction(async (tx) => {
      let postId: string | null = null;
      if (input.type === "social_post") {
        const seriesId = recurrence ? randomUUID() : null;
        const post = await tx.post.create({
          data: {
            workspaceId,
            text: input.content ?? "",
            ...(isAiWritten(input) && { ai: { brief: input.config.brief, written: false } }),
            ...opts.post,
            compliance: (compliance ?? undefined) as Prisma.InputJsonValue | undefined,
            scheduledAt,
            recurrence: (recurrence ?? undefined) as Prisma.InputJsonValue | undefined,
            seriesId,
            occurrence: 0,
            // Unique per workspace: a concurrent identical request fails here and gets this post.
            idempotencyKey: key,
            ...(hold && {
              approvalState: "pending" as const,
              config: { occurrenceKey: key, taskConfig: config, maxRetries, priority } satisfies HeldTaskConfig as unknown as Prisma.InputJsonValue,
            }),
          },
          select: { id: true },
        });
        postId = post.id;
      }
      if (hold && postId !== null) {
        // Targets now (the post shows its platforms); tasks only when an admin approves.
        for (const t of targets) {
          await tx.postTarget.create({
            data: { workspaceId, postId, accountId: t.accountId, platform: t.platform, textOverride: overrides?.[t.platform] ?? null },
          });
        }
        await tx.event.create({
          data: { workspaceId, type: "post:updated", payload: { postId, status: "scheduled", approvalState: "pending" } },
        });
        return { postId, ids: [] as string[] };
      }
      const ids = await createTargetsAndTasks(
        tx,
        {
          workspaceId,
          postId,
          occurrenceKey: key,
          scheduledAt,
          text: input.content ?? null,
          config,
          overrides,
          maxRetries,
          priority,
          type: input.type,
          postTargetId: input.postTargetId,
        },
        targets,
      );
      await tx.event.create({
        data: { workspaceId, type: "task:scheduled", payload: { taskIds: ids, postId, scheduledAt: scheduledAt.toISOString() } },
      });
      return { postId, ids };
    });
    const tasks = await prisma.agentTask.findMany({ where: { id: { in: ids } }, select: taskSelect, orderBy: { createdAt: "asc" } });
    return { duplicate: false, postId, tasks, ...(compliance && { compliance }) };
  } catch (err) {
    // Two identical requests raced: the loser returns what the winner created.
    if (isUniqueViolation(err) && input.idempotencyKey) {
      const dup = await existing();
      if (dup) return dup;
    }
    throw err;
  }
}
