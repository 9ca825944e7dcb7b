// The composer's server side: per-account validation of a draft with each account's own adapter,
// and saving a draft (a Post with status draft and no tasks, so nothing is ever published from it).
import type { Db } from "./db";
import { HeraldError } from "./errors";
import { mediaRefFor } from "./media/assets";
import { adapterFor } from "./social-media";
import { composedLength } from "./social/count";
import { specFor } from "./social/registry";
import { loadAccount } from "./social/accounts";
import type { MediaRef, Platform, PublishContent, ValidationProblem } from "./social/types";
import type { SaveDraftInput, ValidateComposeInput } from "./validation/compose";

type ComposeConfig = ValidateComposeInput["config"];

export interface AccountValidation {
  accountId: string;
  platform: Platform;
  label: string;
  handle: string;
  /** The text that platform will receive (an override when one is given). */
  overridden: boolean;
  length: number;
  maxLength: number;
  ok: boolean;
  problems: ValidationProblem[];
}

/** The length of the post's main text as the platform counts it, link appended where the platform puts it in the text. */
export function platformLength(platform: Platform, content: Pick<PublishContent, "text" | "link">): number {
  return composedLength(specFor(platform), content);
}

/** config.media plus the workspace's uploaded media by id, in that order (404 for anyone else's). */
async function resolveMedia(prisma: Db, workspaceId: string, config: ComposeConfig): Promise<MediaRef[]> {
  const ids = config.mediaIds ?? [];
  const refs: MediaRef[] = [...(config.media ?? [])];
  if (ids.length === 0) return refs;
  const assets = await prisma.mediaAsset.findMany({ where: { workspaceId, id: { in: ids } } });
  const missing = ids.filter((id) => !assets.some((a) => a.id === id));
  if (missing.length) throw new HeraldError("not_found", `Media not found: ${missing.join(", ")}.`);
  return [...refs, ...ids.map((id) => mediaRefFor(assets.find((a) => a.id === id)!))];
}

/**
 * Validates the draft for every chosen account with that account's own adapter (X's weighted
 * length, Bluesky's graphemes and bytes, the platform's media rules …). Accounts of another
 * workspace are 404, like every other workspace's data.
 */
export async function validateCompose(prisma: Db, workspaceId: string, input: ValidateComposeInput): Promise<AccountValidation[]> {
  const ids = [...new Set(input.accountIds)];
  const accounts = await Promise.all(ids.map((id) => loadAccount(prisma, workspaceId, id)));
  const missing = ids.filter((_, i) => !accounts[i]);
  if (missing.length) throw new HeraldError("not_found", `Account not found: ${missing.join(", ")}.`);
  const media = await resolveMedia(prisma, workspaceId, input.config);
  return accounts.map((account) => {
    const a = account!;
    const spec = specFor(a.platform);
    const override = input.config.overrides?.[a.platform];
    const content: PublishContent = {
      text: override ?? input.content,
      link: input.config.link,
      media,
      thread: input.config.thread,
      firstComment: input.config.firstComment,
    };
    let problems: ValidationProblem[];
    try {
      problems = adapterFor(a, { prisma }).validate(content);
    } catch (err) {
      // A platform without a real adapter yet: say so rather than fail the whole check.
      problems = [{ platform: a.platform, field: "text", message: err instanceof Error ? err.message : String(err) }];
    }
    return {
      accountId: a.id,
      platform: a.platform,
      label: spec.label,
      handle: a.handle,
      overridden: override !== undefined,
      length: platformLength(a.platform, content),
      maxLength: spec.maxLength,
      ok: problems.length === 0,
      problems,
    };
  });
}

/**
 * Saves a draft: a Post with status draft and a target per chosen account (its override as the
 * target's text), but no tasks — the scheduler only ever publishes tasks.
 */
export async function saveDraft(prisma: Db, workspaceId: string, input: SaveDraftInput) {
  const ids = [...new Set(input.accountIds)];
  const accounts = await prisma.socialAccount.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, platform: true } });
  const missing = ids.filter((id) => !accounts.some((a) => a.id === id));
  if (missing.length) throw new HeraldError("not_found", `Account not found: ${missing.join(", ")}.`);
  await resolveMedia(prisma, workspaceId, input.config);
  const post = await prisma.post.create({
    data: {
      workspaceId,
      text: input.content,
      status: "draft",
      scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
      targets: {
        create: accounts.map((a) => ({ workspaceId, accountId: a.id, platform: a.platform, textOverride: input.config.overrides?.[a.platform] ?? null })),
      },
    },
    select: { id: true, status: true, text: true, scheduledAt: true, createdAt: true, targets: { select: { id: true, accountId: true, platform: true } } },
  });
  return post;
}
