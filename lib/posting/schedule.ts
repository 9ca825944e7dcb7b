// Turning a schedule request into rows: one Post, one PostTarget and one AgentTask per account
// (docs/design.md, protocol 7), all in one transaction, idempotent on the request's key.
import { createHash, randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import type { Db, Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Platform } from "../generated/prisma/enums";
import { encryptJson } from "../crypto";
import { insertScheduled, isUniqueViolation } from "./insert";
import type { Finding } from "../ai/compliance";
import { assertCompliant } from "../ai/compliance-db";
import { brandVoiceOf } from "../validation/workspace-settings";
import { mediaRefFor, takeMedia } from "../media/assets";
import { notifyHeld } from "../notifications";
import { HeraldError, type FieldError } from "../errors";
import { envAccount } from "../social/env-fallback";
import { loadAccounts, type LoadedAccount } from "../social/accounts";
import { adapterFor } from "../social-media";
import { platformModule, specFor } from "../social/registry";
import { networkFieldsOf } from "../social/network-fields";
import { validateContent } from "../social/spec";
import { isAiWritten, type ScheduleTaskInput } from "../validation/tasks";
import { DEFAULT_MAX_RETRIES } from "../scheduler/backoff";
import { assertNotInThePast } from "../scheduler/past";
import { isValidTimeZone, makeRecurrence, type Recurrence } from "../scheduler/recurrence";
import { taskSelect, type TaskView } from "../scheduler/view";
import { clock } from "../clock";
import { assertCampaign } from "../campaigns";
import { webhookAccountId } from "../social/webhook-accounts";

export interface ScheduleResult {
  duplicate: boolean;
  postId: string | null;
  tasks: TaskView[];
  /** Compliance findings to review (lib/ai/compliance.ts), also stored on the post; absent for duplicates. */
  compliance?: Finding[];
}

export interface Target {
  accountId: string;
  platform: Platform;
}

export function resolveWhen(input: Pick<ScheduleTaskInput, "scheduledAt">, timeZone: string, now: Date): Date {
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

/** A request's targets before anything is written: `accountId` null means "make the platform's default account". */
interface PlannedTarget {
  accountId: string | null;
  platform: Platform;
}

/**
 * Who a request goes to, in its order (a post target, the accounts named, then the platforms
 * named), read in at most three queries side by side and with nothing written, so the checks
 * that follow can still refuse the request. The named accounts come back loaded for validation.
 */
async function planTargets(
  prisma: Db,
  workspaceId: string,
  input: ScheduleTaskInput,
): Promise<{ planned: PlannedTarget[]; accounts: Map<string, LoadedAccount> }> {
  const ids = [...new Set([...(input.accountIds ?? []), ...(input.accountId ? [input.accountId] : [])])];
  const platforms = [...new Set([...(input.platforms ?? []), ...(input.platform ? [input.platform] : [])])];
  const [postTarget, accounts, byPlatform] = await Promise.all([
    input.postTargetId
      ? prisma.postTarget.findFirst({ where: { id: input.postTargetId, workspaceId }, select: { accountId: true, platform: true } })
      : null,
    loadAccounts(prisma, workspaceId, ids),
    platforms.length
      ? prisma.socialAccount.findMany({ where: { workspaceId, platform: { in: platforms } }, select: { id: true, platform: true } })
      : [],
  ]);
  const planned: PlannedTarget[] = [];
  if (input.postTargetId) {
    if (!postTarget) throw new HeraldError("not_found", `Post target not found: ${input.postTargetId}.`);
    planned.push(postTarget);
  }
  const missing = ids.filter((id) => !accounts.has(id));
  if (missing.length) throw new HeraldError("not_found", `Account not found: ${missing.join(", ")}.`);
  for (const id of ids) if (postTarget?.accountId !== id) planned.push({ accountId: id, platform: accounts.get(id)!.platform });
  for (const platform of platforms) {
    if (planned.some((t) => t.platform === platform)) continue;
    const theirs = byPlatform.filter((a) => a.platform === platform);
    if (theirs.length > 1) {
      throw new HeraldError("validation_failed", "The request is invalid.", {
        fields: [{ path: "platform", message: `The workspace has several ${platform} accounts: give accountIds.` }],
      });
    }
    planned.push({ accountId: theirs[0]?.id ?? null, platform });
  }
  return { planned, accounts };
}

/** The planned targets with each missing default account made. */
async function materialize(prisma: Db, workspaceId: string, planned: PlannedTarget[]): Promise<Target[]> {
  return Promise.all(
    planned.map(async (t) => ({ platform: t.platform, accountId: t.accountId ?? (await defaultAccount(prisma, workspaceId, t.platform)).id })),
  );
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
        ? {
            workspaceId,
            platform,
            handle,
            displayName: `${specFor(platform).label} (from environment)`,
            credentials: encryptJson(fromEnv.credentials),
            webhookAccountId: webhookAccountId(platform, fromEnv.credentials),
          }
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
export async function validateTargets(
  prisma: Db,
  workspaceId: string,
  input: ScheduleTaskInput,
  targets: Target[],
  loaded: Map<string, LoadedAccount>,
): Promise<void> {
  if (input.type !== "social_post") return;
  const fields: FieldError[] = [];
  // Accounts the plan did not load (a post target's, a platform's) in one more query.
  const more = await loadAccounts(prisma, workspaceId, targets.map((t) => t.accountId).filter((id) => !loaded.has(id)));
  for (const t of targets) {
    const override = input.config.overrides?.[t.platform];
    // The agent writes this platform's text when the task runs and checks it then (lib/ai/task.ts).
    const aiWritten = override === undefined && isAiWritten(input);
    const content = {
      text: override ?? input.content ?? "",
      link: input.config.link,
      media: input.config.media,
      thread: input.config.thread,
      firstComment: input.config.firstComment,
      ...networkFieldsOf(input.config),
    };
    const account = loaded.get(t.accountId) ?? more.get(t.accountId);
    const problems = account
      ? adapterFor(account, { prisma }).validate(content)
      : validateContent(specFor(t.platform), content);
    // What the workspace's own data decides (WhatsApp: the recipients exist and opted in).
    if (!problems.length) problems.push(...((await platformModule(t.platform).checkWithData?.(prisma, workspaceId, content)) ?? []));
    for (const p of problems) {
      if (aiWritten && p.field === "text") continue;
      const path = p.field === "text" ? (override ? `config.overrides.${t.platform}` : "content") : `config.${p.field}`;
      fields.push({ path, message: `${p.platform}: ${p.message}` });
    }
  }
  if (fields.length) throw new HeraldError("validation_failed", "The post does not fit every platform.", { fields });
}

/** Replaces config.mediaIds with the workspace's uploaded media (404 for anyone else's). */
export async function withUploadedMedia(prisma: Db, workspaceId: string, input: ScheduleTaskInput): Promise<ScheduleTaskInput> {
  const ids = input.config.mediaIds;
  if (!ids?.length) return input;
  const assets = await takeMedia(prisma, workspaceId, ids);
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

/**
 * Creates a post's targets and their tasks inside a caller's transaction (approval, recurrence;
 * a schedule request writes its rows with lib/posting/insert.ts) in two statements, whatever the
 * number of targets; returns the tasks in the targets' order.
 */
export async function createTargetsAndTasks(tx: Tx, spec: TaskRowSpec, targets: Target[]): Promise<TaskView[]> {
  const { postId } = spec;
  const targetIds =
    postId !== null
      ? new Map(
          (
            await tx.postTarget.createManyAndReturn({
              data: targets.map((t) => ({
                workspaceId: spec.workspaceId,
                postId,
                accountId: t.accountId,
                platform: t.platform,
                textOverride: spec.overrides?.[t.platform] ?? null,
              })),
              select: { id: true, accountId: true },
            })
          ).map((r) => [r.accountId, r.id]),
        )
      : null;
  const keyOf = (t: Target) => `${spec.occurrenceKey}:${t.accountId}`;
  const tasks = await tx.agentTask.createManyAndReturn({
    data: targets.map((t) => ({
      workspaceId: spec.workspaceId,
      type: spec.type,
      platform: t.platform,
      accountId: t.accountId,
      postTargetId: targetIds?.get(t.accountId) ?? spec.postTargetId ?? null,
      scheduledAt: spec.scheduledAt,
      // The task carries the text as this platform will get it.
      content: spec.overrides?.[t.platform] ?? spec.text,
      config: spec.config as Prisma.InputJsonValue,
      maxRetries: spec.maxRetries,
      priority: spec.priority,
      idempotencyKey: keyOf(t),
    })),
    select: taskSelect,
  });
  const byKey = new Map(tasks.map((task) => [task.idempotencyKey, task]));
  return targets.map((t) => byKey.get(keyOf(t))!);
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
  // The workspace's settings and whether a post already has this request's key, in one round trip.
  // A post request's key is on its post (unique per workspace, so the lookup is one index probe):
  // no post with it, nothing to find. Matching the tasks' keys by prefix instead walks all of the
  // workspace's tasks under the usual collations (docs/benchmarks.md §8). Other requests, and a
  // conflict on insert below, look at the tasks.
  const postKey = input.type === "social_post" ? (input.idempotencyKey ?? null) : null;
  const [workspace] = await prisma.$queryRaw<{ timeZone: string; brandVoice: unknown; maxRetries: number | null; keyUsed: boolean }[]>`
    SELECT w."timeZone", w."brandVoice",
           (SELECT s."maxRetries" FROM "WorkspaceSettings" s WHERE s."workspaceId" = w.id) AS "maxRetries",
           ${postKey}::text IS NOT NULL AND EXISTS (SELECT 1 FROM "Post" p WHERE p."workspaceId" = w.id AND p."idempotencyKey" = ${postKey}::text) AS "keyUsed"
    FROM "Workspace" w WHERE w.id = ${workspaceId}`;
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
      // Rows of one request share createdAt (one statement): then by network and account.
      orderBy: [{ createdAt: "asc" }, { platform: "asc" }, { accountId: "asc" }],
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

  if (input.idempotencyKey && (input.type !== "social_post" || workspace.keyUsed)) {
    const dup = await existing();
    if (dup) return dup;
  }
  // After the duplicate check: repeating a request that was accepted answers as it did then.
  if (input.scheduledAt) assertNotInThePast(scheduledAt, now);
  const [{ planned, accounts }] = await Promise.all([
    planTargets(prisma, workspaceId, input),
    input.campaignId ? assertCampaign(prisma, workspaceId, input.campaignId) : null,
  ]);
  // Before anything is written: blocking findings refuse the request (422), the rest go on the post.
  const compliance = assertCompliant(input, brandVoiceOf(workspace.brandVoice), planned.map((t) => t.platform));

  const { maxRetries: askedRetries, priority, overrides, ...rest } = input.config;
  // Retries of a failed publish: the request's, else the workspace's (docs/decisions.md, "Workspace settings").
  const maxRetries = askedRetries ?? workspace.maxRetries ?? DEFAULT_MAX_RETRIES;
  const recurrence: Recurrence | null = input.recurrence ? makeRecurrence(input.recurrence, scheduledAt, timeZone) : null;
  const config: Record<string, unknown> = { ...rest, requestHash, ...(recurrence ? { recurring: true } : {}) };

  try {
    // Outside the transaction: validation loads accounts on other connections.
    const targets = await materialize(prisma, workspaceId, planned);
    await validateTargets(prisma, workspaceId, input, targets, accounts);
    const seriesId = recurrence ? randomUUID() : null;
    const post = {
      text: input.content ?? "",
      ...(isAiWritten(input) && { ai: { brief: input.config.brief, written: false } }),
      ...(input.campaignId && { campaignId: input.campaignId }),
      ...opts.post,
      compliance: compliance ?? undefined,
      scheduledAt,
      recurrence: recurrence ?? undefined,
      seriesId,
      // Unique per workspace: a concurrent identical request fails here and gets this post.
      idempotencyKey: key,
    };
    if (hold) {
      // Targets now (the post shows its platforms); tasks only when an admin approves.
      const postId = await prisma.$transaction(async (tx) => {
        const { id } = await tx.post.create({
          data: {
            ...post,
            workspaceId,
            compliance: post.compliance as Prisma.InputJsonValue | undefined,
            recurrence: post.recurrence as Prisma.InputJsonValue | undefined,
            approvalState: "pending",
            config: { occurrenceKey: key, taskConfig: config, maxRetries, priority } satisfies HeldTaskConfig as unknown as Prisma.InputJsonValue,
          },
          select: { id: true },
        });
        await tx.postTarget.createMany({
          data: targets.map((t) => ({ workspaceId, postId: id, accountId: t.accountId, platform: t.platform, textOverride: overrides?.[t.platform] ?? null })),
        });
        await tx.event.create({
          data: { workspaceId, type: "post:updated", payload: { postId: id, status: "scheduled", approvalState: "pending" } },
        });
        // The admins hear of it with the post (docs/decisions.md, "Notifications").
        await notifyHeld(tx, { workspaceId, postId: id, text: post.text, now });
        return id;
      });
      return { duplicate: false, postId, tasks: [], ...(compliance && { compliance }) };
    }
    const { postId, tasks } = await insertScheduled(prisma, {
      workspaceId,
      type: input.type,
      post: input.type === "social_post" ? post : null,
      postTargetId: input.postTargetId ?? null,
      scheduledAt,
      config,
      maxRetries,
      priority,
      tasks: targets.map((t) => ({
        accountId: t.accountId,
        platform: t.platform,
        // The task carries the text as this platform will get it.
        content: overrides?.[t.platform] ?? input.content ?? null,
        textOverride: overrides?.[t.platform] ?? null,
        idempotencyKey: `${key}:${t.accountId}`,
      })),
      now,
    });
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
