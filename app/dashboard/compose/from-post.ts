// A saved post as the composer's starting state: a draft reopened, a scheduled post being edited,
// or any post copied into a new one (docs/decisions.md, "Editing a scheduled post"). Pure, so
// test/unit/composer-from-post.test.ts runs it as it is.
import { DateTime } from "luxon";
import type { ComposerSeed } from "@/lib/posting/edit";
import type { TikTokPrivacy } from "@/lib/social/tiktok/fields";
import type { ComposerAccount, ComposerState } from "./composer-state";
import type { MediaItem } from "./media-picker";

export type { ComposerSeed };

interface SeedMedia {
  url: string;
  type: "image" | "video" | "gif";
  sizeBytes?: number;
  altText?: string;
  posterUrl?: string;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const bool = (v: unknown) => v === true;
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** A stored media reference as an uploaded item of the picker: already on the server, nothing to send. */
function mediaItemOf(m: SeedMedia, n: number): MediaItem {
  return {
    key: `saved-${n}-${m.url}`,
    name: decodeURIComponent(m.url.split("/").pop()?.split("?")[0] || `Media ${n + 1}`),
    preview: m.type === "video" ? (m.posterUrl ?? "") : m.url,
    isVideo: m.type === "video",
    progress: 1,
    state: "done",
    asset: { id: m.url, url: m.url, kind: m.type, sizeBytes: m.sizeBytes ?? 0 },
    altText: m.altText ?? "",
  };
}

export function seededState(base: ComposerState, seed: ComposerSeed, accounts: ComposerAccount[], timeZone: string): ComposerState {
  const c = seed.config;
  const reddit = obj(c.reddit);
  const youtube = obj(c.youtube);
  const tiktok = obj(c.tiktok);
  const whatsapp = obj(c.whatsapp);
  const template = obj(whatsapp.template);
  const at = seed.scheduledAt ? DateTime.fromISO(seed.scheduledAt, { zone: timeZone }) : null;
  const brief = typeof c.brief === "string" ? c.brief : null;
  return {
    ...base,
    // Accounts removed since the post was saved drop out; the person sees which remain.
    selected: seed.accountIds.filter((id) => accounts.some((a) => a.id === id)),
    content: seed.content,
    overrides: { ...seed.overrides },
    link: str(c.link),
    thread: Array.isArray(c.thread) ? c.thread.map(str) : [],
    firstComment: str(c.firstComment),
    media: Array.isArray(c.media) ? (c.media as SeedMedia[]).map(mediaItemOf) : [],
    reddit: { subreddit: str(reddit.subreddit), title: str(reddit.title), flairId: str(reddit.flairId), nsfw: bool(reddit.nsfw), spoiler: bool(reddit.spoiler) },
    youtube: {
      title: str(youtube.title),
      privacy: (["public", "unlisted", "private"] as const).find((p) => p === youtube.privacy) ?? base.youtube.privacy,
      categoryId: str(youtube.categoryId),
      tags: Array.isArray(youtube.tags) ? youtube.tags.map(str).join(", ") : "",
      madeForKids: bool(youtube.madeForKids),
      shorts: bool(youtube.shorts),
    },
    tiktok: {
      privacy: str(tiktok.privacy) as TikTokPrivacy | "",
      allowComments: bool(tiktok.allowComments),
      allowDuet: bool(tiktok.allowDuet),
      allowStitch: bool(tiktok.allowStitch),
      disclose: bool(tiktok.brandOrganic) || bool(tiktok.brandContent),
      brandOrganic: bool(tiktok.brandOrganic),
      brandContent: bool(tiktok.brandContent),
    },
    whatsapp: {
      listIds: Array.isArray(whatsapp.listIds) ? whatsapp.listIds.map(str) : [],
      templateName: str(template.name),
      templateLanguage: str(template.language),
      templateParams: Array.isArray(template.params) ? template.params.map(str) : [],
    },
    schedule: at?.isValid ? { ...base.schedule, date: at.toISODate()!, time: at.toFormat("HH:mm") } : base.schedule,
    // A copy stays in the post's campaign too: the usual reason to copy is another post like it.
    campaignId: seed.campaignId ?? "",
    agentBrief: brief,
  };
}
