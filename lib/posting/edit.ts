// Changing a planned post: edit (text, overrides, media, link, time, accounts), delete, cancel,
// and the versions each edit leaves (docs/decisions.md, "Editing a scheduled post"). Every write
// holds the post's row lock; a task the cron claimed meanwhile makes the edit 409, not a half edit.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Db, Tx } from "../db";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Platform } from "../generated/prisma/enums";
import { HeraldError, zodFieldErrors } from "../errors";
import { clock } from "../clock";
import type { Actor } from "../api/handler";
import { hasRole, type Role } from "../auth/roles";
import { loadAccounts } from "../social/accounts";
import { assertCompliant } from "../ai/compliance-db";
import { brandVoiceOf } from "../validation/workspace-settings";
import { ScheduleTaskInput } from "../validation/tasks";
import type { BulkPostsInput, EditPostInput } from "../validation/posts";
import { assertNotInThePast } from "../scheduler/past";
import { createTargetsAndTasks, resolveWhen, validateTargets, withUploadedMedia, type Target } from "./schedule";
import { getPost } from "../posts";
import { assertCampaign } from "../campaigns";
import { mediaRefFor } from "../media/assets";

/** Task config keys Herald sets itself; an edit neither shows nor changes them. */
const INTERNAL = ["requestHash", "recurring", "maxRetries", "priority", "overrides"] as const;

type Config = Record<string, unknown>;

const publicConfig = (c: Config | null | undefined): Config =>
  Object.fromEntries(Object.entries(c ?? {}).filter(([k]) => !(INTERNAL as readonly string[]).includes(k)));

/** The post with its targets and their publish tasks, as an edit needs it; 404 for another workspace's. */
async function readForEdit(prisma: Db | Tx, workspaceId: string, id: string) {
  const post = await prisma.post.findFirst({
    where: { id, workspaceId },
    select: {
      id: true,
      text: true,
      status: true,
      scheduledAt: true,
      approvalState: true,
      config: true,
      idempotencyKey: true,
      campaignId: true,
      targets: {
        select: {
          id: true,
          accountId: true,
          platform: true,
          textOverride: true,
          tasks: {
            where: { type: "social_post" },
            select: { id: true, status: true, config: true, idempotencyKey: true, maxRetries: true, priority: true },
          },
        },
      },
    },
  });
  if (!post) throw new HeraldError("not_found", "Post not found.");
  return post;
}

/** The same under the post's row lock, which serializes two edits (and an edit and a delete) of one post. */
async function loadForEdit(tx: Tx, workspaceId: string, id: string) {
  await tx.$queryRaw`SELECT id FROM "Post" WHERE id = ${id} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
  return readForEdit(tx, workspaceId, id);
}
type Loaded = Awaited<ReturnType<typeof loadForEdit>>;

/** Whether the post can still change, and where its config lives: on its tasks, or on the post (a draft, a post awaiting approval). */
function editable(post: Loaded, verb: string): { held: boolean } {
  const tasks = post.targets.flatMap((t) => t.tasks);
  if (post.status === "draft" || post.approvalState === "pending") return { held: true };
  const started = tasks.filter((t) => t.status !== "pending");
  if (post.status !== "scheduled" || tasks.length === 0 || started.length > 0) {
    throw new HeraldError(
      "invalid_state",
      tasks.length === 0 || post.status !== "scheduled"
        ? `This post is ${post.status.replace("_", " ")}; only drafts and scheduled posts can be ${verb}.`
        : `Only posts whose platforms are all still waiting can be ${verb}; ${started.length} of ${tasks.length} already started or ended.`,
      { details: { status: post.status, statuses: tasks.map((t) => t.status) } },
    );
  }
  return { held: false };
}

/** The post as the composer would send it now. */
function currentSpec(post: Loaded, held: boolean) {
  const config = held ? ((post.config as { taskConfig?: Config } | null)?.taskConfig ?? {}) : ((post.targets[0]?.tasks[0]?.config as Config | null) ?? {});
  const overrides = Object.fromEntries(post.targets.filter((t) => t.textOverride !== null).map((t) => [t.platform, t.textOverride!]));
  return {
    content: post.text,
    accountIds: post.targets.map((t) => t.accountId).sort(),
    scheduledAt: post.scheduledAt?.toISOString() ?? null,
    config: { ...publicConfig(config), ...(Object.keys(overrides).length > 0 && { overrides }) } as Config,
    rawConfig: config,
  };
}

export type PostChanges = Record<string, { from: unknown; to: unknown }>;

function diff(before: Record<string, unknown>, after: Record<string, unknown>): PostChanges {
  const out: PostChanges = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!isDeepStrictEqual(before[k] ?? null, after[k] ?? null)) out[k] = { from: before[k] ?? null, to: after[k] ?? null };
  }
  return out;
}

async function writeVersion(tx: Tx, workspaceId: string, postId: string, actor: Actor, changes: PostChanges, now: Date) {
  await tx.$executeRaw`
    INSERT INTO "PostVersion" (id, "workspaceId", "postId", version, "userId", "actorType", changes, "createdAt")
    SELECT gen_random_uuid()::text, ${workspaceId}, ${postId}, COALESCE(max(version), 0) + 1,
           ${actor.type === "user" ? actor.userId : null}, ${actor.type}, ${JSON.stringify(changes)}::jsonb, ${now}::timestamp
    FROM "PostVersion" WHERE "postId" = ${postId}`;
}

export interface EditContext {
  actor: Actor;
  role: Role;
}

/**
 * Applies an edit: fields left out stay as they are; `config` replaces the post's whole config
 * (link, media, thread, first comment, overrides, networks' fields) as the composer sends it.
 * Checked like a new post (each account's adapter, the brand's compliance gate) before anything
 * is written; drafts are checked for shape only, as when they were saved.
 */
export async function editPost(prisma: Db, workspaceId: string, id: string, input: EditPostInput, ctx: EditContext, now = clock.now()) {
  const [ws] = await prisma.$queryRaw<{ timeZone: string; brandVoice: unknown; requireApproval: boolean }[]>`
    SELECT "timeZone", "brandVoice", "requireApproval" FROM "Workspace" WHERE id = ${workspaceId}`;
  if (!ws) throw new HeraldError("not_found", "Workspace not found.");
  // Read once outside the transaction to validate (adapters load accounts on other connections);
  // the transaction reads again under the lock and refuses if anything moved meanwhile.
  const before = await readForEdit(prisma, workspaceId, id);
  const { held } = editable(before, "edited");
  const draft = before.status === "draft";
  const cur = currentSpec(before, held);

  let scheduledAt = before.scheduledAt;
  if (input.scheduledAt !== undefined) {
    scheduledAt = resolveWhen({ scheduledAt: input.scheduledAt }, ws.timeZone, now);
    assertNotInThePast(scheduledAt, now);
  }
  const accountIds = input.accountIds ? [...new Set(input.accountIds)].sort() : cur.accountIds;
  const accounts = await loadAccounts(prisma, workspaceId, accountIds);
  const missing = accountIds.filter((a) => !accounts.has(a));
  if (missing.length) throw new HeraldError("not_found", `Account not found: ${missing.join(", ")}.`);

  // The edited post as a schedule request, so the same checks apply.
  const content = input.content !== undefined ? input.content : cur.content;
  const { maxRetries = 3, priority = 0 } = before.targets[0]?.tasks[0] ?? {};
  const parsed = ScheduleTaskInput.safeParse({
    accountIds,
    content,
    config: { ...(input.config ?? cur.config), maxRetries, priority },
  });
  if (!parsed.success) {
    throw new HeraldError("validation_failed", "The request is invalid.", {
      fields: zodFieldErrors(parsed.error),
    });
  }
  const request = await withUploadedMedia(prisma, workspaceId, keepMediaDetails(parsed.data, cur.rawConfig));
  const targets: Target[] = accountIds.map((a) => ({ accountId: a, platform: accounts.get(a)!.platform }));
  const overrides = request.config.overrides ?? {};
  const compliance = draft ? null : assertCompliant(request, brandVoiceOf(ws.brandVoice), targets.map((t) => t.platform));
  if (!draft) await validateTargets(prisma, workspaceId, request, targets, accounts);

  const nextConfig: Config = publicConfig(request.config as Config);
  const next = {
    content: request.content ?? "",
    accountIds,
    scheduledAt: scheduledAt?.toISOString() ?? null,
    config: { ...nextConfig, ...(Object.keys(overrides).length > 0 && { overrides }) },
  };
  const campaignId = input.campaignId !== undefined ? input.campaignId : before.campaignId;
  if (campaignId && campaignId !== before.campaignId) await assertCampaign(prisma, workspaceId, campaignId);
  const changes = diff(
    { content: cur.content, accountIds: cur.accountIds, scheduledAt: cur.scheduledAt, campaignId: before.campaignId, ...cur.config },
    { content: next.content, accountIds: next.accountIds, scheduledAt: next.scheduledAt, campaignId, ...next.config },
  );
  if (Object.keys(changes).length === 0) return getPost(workspaceId, id);

  // An approved post changed by an editor would skip the approval it got.
  const onlyWhenOrTag = Object.keys(changes).every((k) => k === "scheduledAt" || k === "campaignId");
  if (ws.requireApproval && before.approvalState === "approved" && !onlyWhenOrTag && !hasRole(ctx.role, "admin")) {
    throw new HeraldError("forbidden", "An admin approved this post; in this workspace only an admin can change what it says or where it goes.");
  }

  await prisma.$transaction(async (tx) => {
    const post = await loadForEdit(tx, workspaceId, id);
    editable(post, "edited");
    if (!isDeepStrictEqual(post.targets.map((t) => t.tasks.map((x) => x.id)), before.targets.map((t) => t.tasks.map((x) => x.id)))) {
      throw new HeraldError("conflict", "This post changed while you were editing it; reload it and try again.");
    }
    const keep = post.targets.filter((t) => accountIds.includes(t.accountId));
    const drop = post.targets.filter((t) => !accountIds.includes(t.accountId));
    const add = targets.filter((t) => !post.targets.some((x) => x.accountId === t.accountId));
    const textFor = (p: Platform) => overrides[p] ?? next.content;

    if (held) {
      const postConfig = { ...((post.config as Config | null) ?? {}), taskConfig: { ...nextConfig, ...pickInternal(cur.rawConfig) } };
      await tx.post.updateMany({ where: { id, workspaceId }, data: { config: postConfig as Prisma.InputJsonValue } });
      if (drop.length) await tx.postTarget.deleteMany({ where: { id: { in: drop.map((t) => t.id) }, workspaceId } });
      if (add.length) {
        await tx.postTarget.createMany({
          data: add.map((t) => ({ workspaceId, postId: id, accountId: t.accountId, platform: t.platform, textOverride: overrides[t.platform] ?? null })),
        });
      }
    } else {
      const taskConfig = { ...nextConfig, ...pickInternal(cur.rawConfig) } as Prisma.InputJsonValue;
      // status = pending in every `where`: a task the cron claimed meanwhile makes a count fall short.
      for (const t of keep) {
        const n = await tx.agentTask.updateMany({
          where: { postTargetId: t.id, workspaceId, type: "social_post", status: "pending" },
          data: { content: textFor(t.platform), config: taskConfig, scheduledAt: scheduledAt ?? now, updatedAt: now },
        });
        if (n.count !== t.tasks.length) throw startedMeanwhile();
      }
      if (drop.length) {
        const n = await tx.agentTask.deleteMany({ where: { postTargetId: { in: drop.map((t) => t.id) }, workspaceId, status: "pending" } });
        if (n.count !== drop.flatMap((t) => t.tasks).length) throw startedMeanwhile();
        await tx.postTarget.deleteMany({ where: { id: { in: drop.map((t) => t.id) }, workspaceId } });
      }
      if (add.length) {
        const first = post.targets[0]?.tasks[0];
        const occurrenceKey = first?.idempotencyKey?.slice(0, -(post.targets[0].accountId.length + 1)) || post.idempotencyKey || randomUUID();
        await createTargetsAndTasks(
          tx,
          {
            workspaceId,
            postId: id,
            occurrenceKey,
            scheduledAt: scheduledAt ?? now,
            text: next.content,
            config: taskConfig as Config,
            overrides,
            maxRetries,
            priority,
            type: "social_post",
          },
          add,
        );
      }
    }
    for (const t of keep) {
      await tx.postTarget.updateMany({ where: { id: t.id, workspaceId }, data: { textOverride: overrides[t.platform] ?? null, updatedAt: now } });
    }
    await tx.post.updateMany({
      where: { id, workspaceId },
      data: {
        text: next.content,
        scheduledAt,
        campaignId,
        ...(compliance && { compliance: compliance as unknown as Prisma.InputJsonValue }),
        updatedAt: now,
      },
    });
    await writeVersion(tx, workspaceId, id, ctx.actor, changes, now);
    await tx.event.create({ data: { workspaceId, type: "post:updated", payload: { postId: id, status: post.status, edited: Object.keys(changes) } } });
  });
  return getPost(workspaceId, id);
}

/**
 * Media the post already had come back from the composer as url, type, size and alt text: the
 * stored reference keeps what the upload measured (a video's length, size, codecs, frame rate,
 * poster), so the edit neither loses it nor shows it as a change.
 */
function keepMediaDetails(input: ScheduleTaskInput, stored: Config): ScheduleTaskInput {
  const had = new Map(((stored.media as { url: string }[] | undefined) ?? []).map((m) => [m.url, m]));
  if (!input.config.media?.length || had.size === 0) return input;
  const media = input.config.media.map((m) => ({ ...had.get(m.url), ...m }));
  return { ...input, config: { ...input.config, media } };
}

const pickInternal = (c: Config) => Object.fromEntries(Object.entries(c).filter(([k]) => k === "requestHash" || k === "recurring"));

const startedMeanwhile = () => new HeraldError("invalid_state", "A platform started publishing this post just now; it can no longer be changed.");

/**
 * Deletes a post that is not being published right now: its targets, pending tasks and versions
 * go with it. A published post stays on the networks; Herald only forgets it.
 */
export async function deletePost(workspaceId: string, id: string) {
  await db().$transaction(async (tx) => {
    const post = await loadForEdit(tx, workspaceId, id);
    const running = post.targets.flatMap((t) => t.tasks).filter((t) => t.status === "running");
    if (running.length) throw new HeraldError("invalid_state", "This post is being published right now; wait until it has finished, then delete it.");
    // Tasks keep their history (attempts) only while their post exists: pending ones go, ended ones are detached by the FK.
    await tx.agentTask.deleteMany({ where: { workspaceId, postTarget: { postId: id }, status: { in: ["pending", "needs_review"] } } });
    await tx.post.deleteMany({ where: { id, workspaceId } });
    await tx.event.create({ data: { workspaceId, type: "post:deleted", payload: { postId: id } } });
  });
}

/** Cancels a scheduled post: its pending tasks and targets are cancelled, nothing is published; the post stays, as cancelled. */
export async function cancelPost(workspaceId: string, id: string, actor: Actor, now = clock.now()) {
  await db().$transaction(async (tx) => {
    const post = await loadForEdit(tx, workspaceId, id);
    editable(post, "cancelled");
    const tasks = post.targets.flatMap((t) => t.tasks);
    const n = await tx.agentTask.updateMany({ where: { id: { in: tasks.map((t) => t.id) }, workspaceId, status: "pending" }, data: { status: "cancelled", updatedAt: now } });
    if (n.count !== tasks.length) throw startedMeanwhile();
    await tx.postTarget.updateMany({ where: { postId: id, workspaceId }, data: { status: "cancelled", updatedAt: now } });
    await tx.post.updateMany({ where: { id, workspaceId }, data: { status: "cancelled", updatedAt: now } });
    await writeVersion(tx, workspaceId, id, actor, { status: { from: post.status, to: "cancelled" } }, now);
    await tx.event.create({ data: { workspaceId, type: "post:updated", payload: { postId: id, status: "cancelled" } } });
  });
  return getPost(workspaceId, id);
}

/** A post's versions, newest first, with who made each (a member's name, or "API key"). */
export async function postVersions(workspaceId: string, id: string) {
  const post = await db().post.findFirst({ where: { id, workspaceId }, select: { id: true } });
  if (!post) throw new HeraldError("not_found", "Post not found.");
  const rows = await db().postVersion.findMany({ where: { postId: id, workspaceId }, orderBy: { version: "desc" } });
  const users = await db().user.findMany({ where: { id: { in: rows.flatMap((r) => (r.userId ? [r.userId] : [])) } }, select: { id: true, name: true, email: true } });
  return rows.map((r) => {
    const u = users.find((x) => x.id === r.userId);
    return { version: r.version, at: r.createdAt, by: r.actorType === "api_key" ? "API key" : (u?.name || u?.email || "A former member"), changes: r.changes as PostChanges };
  });
}

/** One action on many posts, each in its own transaction; every post gets its own answer. */
export async function bulkPosts(prisma: Db, workspaceId: string, input: BulkPostsInput, ctx: EditContext) {
  const results: { id: string; ok: boolean; error?: { code: string; message: string } }[] = [];
  for (const id of [...new Set(input.ids)]) {
    try {
      if (input.action === "reschedule") await editPost(prisma, workspaceId, id, { scheduledAt: input.scheduledAt }, ctx);
      else if (input.action === "cancel") await cancelPost(workspaceId, id, ctx.actor);
      else await deletePost(workspaceId, id);
      results.push({ id, ok: true });
    } catch (err) {
      if (!(err instanceof HeraldError)) throw err;
      results.push({ id, ok: false, error: { code: err.code, message: err.fields?.[0]?.message ?? err.message } });
    }
  }
  return results;
}

/** A saved post as the composer opens it: to edit it (a draft, or a scheduled post still waiting) or to copy it into a new one. */
export interface ComposerSeed {
  postId: string;
  mode: "edit" | "draft" | "duplicate";
  content: string;
  accountIds: string[];
  overrides: Record<string, string>;
  scheduledAt: string | null;
  /** The post's config without Herald's own keys (link, media, thread, first comment, networks' fields, brief). */
  config: Config;
  /** The campaign the post is tagged with (a copy keeps it too). */
  campaignId: string | null;
  /** Why the post could not be opened for editing (it opens as a copy instead). */
  notEditable?: string;
}

export async function composerSeed(workspaceId: string, id: string, want: "edit" | "duplicate"): Promise<ComposerSeed | null> {
  const post = await readForEdit(db(), workspaceId, id).catch((err: unknown) => {
    if (err instanceof HeraldError && err.code === "not_found") return null;
    throw err;
  });
  if (!post) return null;
  let held = post.status === "draft" || post.approvalState === "pending";
  let notEditable: string | undefined;
  if (want === "edit") {
    try {
      held = editable(post, "edited").held;
    } catch (err) {
      if (!(err instanceof HeraldError)) throw err;
      notEditable = err.message;
    }
  }
  const spec = currentSpec(post, held);
  const { overrides, mediaIds, ...config } = spec.config as Config & { mediaIds?: unknown };
  // A draft keeps its uploads by id (lib/compose.ts, saveDraft): the composer shows them as media,
  // in order, after any by URL; an upload deleted since is left out rather than failing the page.
  if (Array.isArray(mediaIds) && mediaIds.length) {
    const ids = mediaIds.filter((id): id is string => typeof id === "string");
    const assets = await db().mediaAsset.findMany({ where: { workspaceId, id: { in: ids } } });
    const uploaded = ids.flatMap((id) => assets.filter((a) => a.id === id).map(mediaRefFor));
    config.media = [...(Array.isArray(config.media) ? config.media : []), ...uploaded];
  }
  const mode = want === "duplicate" || notEditable ? "duplicate" : post.status === "draft" ? "draft" : "edit";
  return {
    postId: post.id,
    mode,
    content: spec.content,
    accountIds: spec.accountIds,
    overrides: (overrides as Record<string, string> | undefined) ?? {},
    scheduledAt: mode === "duplicate" ? null : spec.scheduledAt,
    config,
    campaignId: post.campaignId,
    ...(notEditable && { notEditable }),
  };
}
