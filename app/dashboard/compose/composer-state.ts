// The composer's state and its one way to change: a pure reducer over the draft (accounts, text,
// per-platform overrides, link, media, thread, first comment, Reddit's, YouTube's, TikTok's and
// WhatsApp's fields, schedule, campaign, the agent's brief) and what the page says about it (active tab, field errors, alert, pending action,
// refused findings). No React here beyond types, so test/unit/composer-state.test.ts runs it as it is.
import type { ReactNode } from "react";
import type { SubredditCheck } from "@/lib/compose";
import type { FieldError } from "@/lib/errors";
import { bareSubreddit } from "@/lib/social/reddit/fields";
import type { TikTokPrivacy } from "@/lib/social/tiktok/fields";
import type { Finding } from "../_ai/ai-ui";
import type { TextCounter } from "./count";
import type { MediaItem } from "./media-picker";
import type { ScheduleState } from "./schedule-fields";

export interface ComposerAccount {
  id: string;
  platform: string;
  label: string;
  handle: string;
  displayName: string | null;
  simulated: boolean;
  status: string;
  maxLength: number;
  /** How the platform counts characters, and whether the link goes into the text (its spec). */
  counter?: TextCounter;
  linkInText?: boolean;
  threads: boolean;
  mediaMax: number;
}

/** The most further parts a thread may have (the schedule API's limit). */
export const MAX_THREAD_PARTS = 25;

export type Pending = "now" | "schedule" | "queue" | "best" | "draft";

/** What a Reddit post needs besides its text (config.reddit), as typed; empty strings are unset. */
export interface RedditDraft {
  /** Without r/. */
  subreddit: string;
  title: string;
  flairId: string;
  nsfw: boolean;
  spoiler: boolean;
}

/** What a YouTube video needs besides its description (config.youtube), as typed. */
export interface YoutubeDraft {
  title: string;
  privacy: "public" | "unlisted" | "private";
  /** YouTube's numeric category id; empty for none. */
  categoryId: string;
  /** Comma-separated, as typed. */
  tags: string;
  madeForKids: boolean;
  shorts: boolean;
}

/** What a TikTok post needs besides its text (config.tiktok), as chosen; no privacy until the person picks one. */
export interface TikTokDraft {
  privacy: TikTokPrivacy | "";
  allowComments: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  /** "Disclose commercial content", and which kind: brandOrganic ("Your brand"), brandContent ("Branded content"). */
  disclose: boolean;
  brandOrganic: boolean;
  brandContent: boolean;
}

/**
 * Who a WhatsApp post goes to and the approved template for those outside the 24-hour window
 * (config.whatsapp; docs/whatsapp.md). No template: an empty name.
 */
export interface WhatsappDraft {
  listIds: string[];
  templateName: string;
  templateLanguage: string;
  /** The values of the template body's {{1}}, {{2}}, … in order, as typed. */
  templateParams: string[];
}

export interface ComposerState {
  selected: string[];
  content: string;
  /** Text per platform that replaces `content` there. */
  overrides: Record<string, string>;
  link: string;
  thread: string[];
  firstComment: string;
  media: MediaItem[];
  reddit: RedditDraft;
  youtube: YoutubeDraft;
  tiktok: TikTokDraft;
  whatsapp: WhatsappDraft;
  schedule: ScheduleState;
  /** The campaign the post is tagged with (one of the workspace's); "" for none. */
  campaignId: string;
  /** A brief the agent writes the text from when the post goes out (content: null). */
  agentBrief: string | null;
  tab: string;
  /** Messages by field path ("content", "config.overrides.twitter", "scheduledAt" …). */
  errors: Record<string, string>;
  alert: { tone: "error" | "success"; node: ReactNode } | null;
  pending: Pending | null;
  /** The findings of a schedule refused by the brand check (422), shown while the text is unchanged. */
  refused: { content: string; findings: Finding[] } | null;
}

export type ComposerAction =
  | { type: "toggleAccount"; id: string }
  | { type: "content"; text: string }
  | { type: "override"; platform: string; text: string | undefined }
  | { type: "draft"; posts: { platform: string; text: string }[] }
  | { type: "reddit"; patch: Partial<RedditDraft> }
  | { type: "youtube"; patch: Partial<YoutubeDraft> }
  | { type: "tiktok"; patch: Partial<TikTokDraft> }
  | { type: "whatsapp"; patch: Partial<WhatsappDraft> }
  | { type: "link"; link: string }
  | { type: "media"; update: (items: MediaItem[]) => MediaItem[] }
  | { type: "addPart" }
  | { type: "removePart"; index: number }
  | { type: "part"; index: number; text: string }
  | { type: "firstComment"; text: string }
  | { type: "schedule"; patch: Partial<ScheduleState> }
  | { type: "campaign"; id: string }
  | { type: "agentBrief"; brief: string | null }
  | { type: "tab"; tab: string }
  | { type: "reset" }
  | { type: "sent" }
  | { type: "errors"; errors: Record<string, string> }
  | { type: "failed"; errors: Record<string, string>; alert: ReactNode }
  | { type: "alert"; alert: ComposerState["alert"] }
  | { type: "pending"; pending: Pending | null }
  | { type: "refused"; refused: ComposerState["refused"] };

export function initialState({
  accounts,
  today,
  defaultTime,
  campaignId = "",
}: {
  accounts: ComposerAccount[];
  today: string;
  defaultTime: string;
  /** A campaign chosen beforehand (the campaign page's "Write a post for it"). */
  campaignId?: string;
}): ComposerState {
  return {
    selected: accounts.length === 1 ? [accounts[0].id] : [],
    content: "",
    overrides: {},
    link: "",
    thread: [],
    firstComment: "",
    media: [],
    reddit: { subreddit: "", title: "", flairId: "", nsfw: false, spoiler: false },
    youtube: { title: "", privacy: "public", categoryId: "", tags: "", madeForKids: false, shorts: false },
    tiktok: { privacy: "", allowComments: false, allowDuet: false, allowStitch: false, disclose: false, brandOrganic: false, brandContent: false },
    whatsapp: { listIds: [], templateName: "", templateLanguage: "", templateParams: [] },
    schedule: { date: today, time: defaultTime, repeat: "none", interval: 2, unit: "weekly", weekdays: [], end: "never", until: "", count: 5 },
    campaignId,
    agentBrief: null,
    tab: "all",
    errors: {},
    alert: null,
    pending: null,
    refused: null,
  };
}

function withOverride(overrides: Record<string, string>, platform: string, text: string | undefined): Record<string, string> {
  const copy = { ...overrides };
  if (text === undefined) delete copy[platform];
  else copy[platform] = text;
  return copy;
}

/** The errors without the one at `path` (the same object when there is none). */
function withoutKey(errors: Record<string, string>, path: string): Record<string, string> {
  if (!(path in errors)) return errors;
  const { [path]: _gone, ...rest } = errors;
  return rest;
}

/** The errors without those of the fields just changed (`config.youtube.title` once the title is edited). */
function withoutErrors(errors: Record<string, string>, network: string, patch: object): Record<string, string> {
  const changed = Object.keys(patch).map((k) => `config.${network}.${k}`);
  if (!changed.some((k) => k in errors)) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !changed.includes(k)));
}

/** WhatsApp's draft fields and the error paths each one answers for. */
const WHATSAPP_ERRORS: Record<keyof WhatsappDraft, RegExp> = {
  listIds: /^config\.whatsapp(\.listIds|\.recipientIds)?$/,
  templateName: /^config\.whatsapp\.template(\.name)?$/,
  templateLanguage: /^config\.whatsapp\.template\.language$/,
  templateParams: /^config\.whatsapp\.template\.params(\.\d+)?$/,
};

/** The errors without those of the WhatsApp fields just changed. */
function withoutWhatsappErrors(errors: Record<string, string>, patch: Partial<WhatsappDraft>): Record<string, string> {
  const res = (Object.keys(patch) as (keyof WhatsappDraft)[]).map((k) => WHATSAPP_ERRORS[k]);
  if (!Object.keys(errors).some((k) => res.some((r) => r.test(k)))) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !res.some((r) => r.test(k))));
}

/** The first override field with an error names the tab to show it in. */
const overrideTab = (errors: Record<string, string>) => Object.keys(errors).find((k) => k.startsWith("config.overrides."))?.slice("config.overrides.".length);

export function reducer(state: ComposerState, action: ComposerAction): ComposerState {
  switch (action.type) {
    case "toggleAccount":
      return { ...state, selected: state.selected.includes(action.id) ? state.selected.filter((x) => x !== action.id) : [...state.selected, action.id] };
    // Typing answers the text's error: it goes at once, not at the next submit.
    case "content":
      return { ...state, content: action.text, errors: withoutKey(state.errors, "content") };
    case "override":
      return { ...state, overrides: withOverride(state.overrides, action.platform, action.text), errors: withoutKey(state.errors, `config.overrides.${action.platform}`) };
    case "draft": {
      // The first platform's text becomes the main text; the others an override where they differ.
      const [first, ...rest] = action.posts;
      if (!first) return state;
      let overrides = withOverride(state.overrides, first.platform, undefined);
      for (const p of rest) overrides = withOverride(overrides, p.platform, p.text !== first.text ? p.text : undefined);
      return { ...state, content: first.text, overrides };
    }
    case "reddit": {
      const reddit = { ...state.reddit, ...action.patch };
      if (action.patch.subreddit !== undefined) reddit.subreddit = bareSubreddit(action.patch.subreddit);
      // Flairs belong to one subreddit.
      if (reddit.subreddit.toLowerCase() !== state.reddit.subreddit.toLowerCase() && action.patch.flairId === undefined) reddit.flairId = "";
      return { ...state, reddit };
    }
    case "youtube":
      return { ...state, youtube: { ...state.youtube, ...action.patch }, errors: withoutErrors(state.errors, "youtube", action.patch) };
    case "tiktok": {
      const tiktok = { ...state.tiktok, ...action.patch };
      // Turning the disclosure off takes both kinds with it.
      if (!tiktok.disclose) Object.assign(tiktok, { brandOrganic: false, brandContent: false });
      // Branded content cannot be private: "Only me" goes, and the person chooses again.
      if (tiktok.brandContent && tiktok.privacy === "SELF_ONLY") tiktok.privacy = "";
      return { ...state, tiktok, errors: withoutErrors(state.errors, "tiktok", action.patch) };
    }
    case "whatsapp":
      return { ...state, whatsapp: { ...state.whatsapp, ...action.patch }, errors: withoutWhatsappErrors(state.errors, action.patch) };
    case "link":
      return { ...state, link: action.link };
    case "media":
      return { ...state, media: action.update(state.media) };
    case "addPart":
      return state.thread.length >= MAX_THREAD_PARTS ? state : { ...state, thread: [...state.thread, ""] };
    case "removePart":
      return { ...state, thread: state.thread.filter((_, j) => j !== action.index) };
    case "part":
      return { ...state, thread: state.thread.map((x, j) => (j === action.index ? action.text : x)) };
    case "firstComment":
      return { ...state, firstComment: action.text };
    case "schedule":
      return { ...state, schedule: { ...state.schedule, ...action.patch } };
    case "campaign":
      return { ...state, campaignId: action.id, errors: withoutKey(state.errors, "campaignId") };
    case "agentBrief":
      return { ...state, agentBrief: action.brief };
    case "tab":
      return { ...state, tab: action.tab };
    case "reset":
      return { ...state, errors: {}, alert: null };
    case "sent": {
      // Scheduled: the post is on its way, so the form starts empty and the same post cannot go twice
      // by a second click. The accounts, the time and the campaign stay for the next one; the alert says where it went.
      const empty = initialState({ accounts: [], today: state.schedule.date, defaultTime: state.schedule.time, campaignId: state.campaignId });
      return { ...empty, selected: state.selected, schedule: state.schedule, alert: state.alert };
    }
    case "errors":
      return { ...state, errors: action.errors };
    case "failed":
      return { ...state, errors: action.errors, tab: overrideTab(action.errors) ?? state.tab, alert: { tone: "error", node: action.alert } };
    case "alert":
      return { ...state, alert: action.alert };
    case "pending":
      return { ...state, pending: action.pending };
    case "refused":
      return { ...state, refused: action.refused };
  }
}

/** The chosen accounts in the order of `accounts`, and the first of them for each platform. */
export function chosenOf(accounts: ComposerAccount[], selected: string[]) {
  const chosen = accounts.filter((a) => selected.includes(a.id));
  const seen = new Map<string, ComposerAccount>();
  for (const a of chosen) if (!seen.has(a.platform)) seen.set(a.platform, a);
  return { chosen, platforms: [...seen.values()] };
}

/** The tab to show: the chosen one while its platform is still chosen, else "All platforms". */
export const activeTabOf = (tab: string, platforms: ComposerAccount[]) => (tab === "all" || platforms.some((p) => p.platform === tab) ? tab : "all");

/** config.reddit: only what is filled in (the server names what is missing), nothing when nothing is. */
function redditConfigOf(r: RedditDraft) {
  const title = r.title.trim();
  const fields = {
    ...(r.subreddit && { subreddit: r.subreddit }),
    ...(title && { title }),
    ...(r.flairId && { flairId: r.flairId }),
    ...(r.nsfw && { nsfw: true }),
    ...(r.spoiler && { spoiler: true }),
  };
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** "a, b ,, c" → ["a", "b", "c"]. */
export const tagsOf = (tags: string) =>
  tags
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

/** config.youtube: the title when there is one, the privacy and made-for-kids always (both are declared), the rest when set. */
function youtubeConfigOf(y: YoutubeDraft) {
  const title = y.title.trim();
  const tags = tagsOf(y.tags);
  return {
    ...(title && { title }),
    privacy: y.privacy,
    ...(y.categoryId && { categoryId: y.categoryId }),
    ...(tags.length > 0 && { tags }),
    madeForKids: y.madeForKids,
    ...(y.shorts && { shorts: true }),
  };
}

/** config.tiktok: the privacy once chosen, the flags that are on (off is TikTok's default); nothing when nothing is. */
function tiktokConfigOf(t: TikTokDraft) {
  const fields = {
    ...(t.privacy && { privacy: t.privacy }),
    ...(t.allowComments && { allowComments: true }),
    ...(t.allowDuet && { allowDuet: true }),
    ...(t.allowStitch && { allowStitch: true }),
    ...(t.disclose && t.brandOrganic && { brandOrganic: true }),
    ...(t.disclose && t.brandContent && { brandContent: true }),
  };
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/**
 * config.whatsapp: the lists when some are chosen, the template once it has a name (its language
 * and one value per {{n}} as typed, so the server names what is missing); nothing when nothing is.
 */
function whatsappConfigOf(w: WhatsappDraft) {
  const name = w.templateName.trim();
  const fields = {
    ...(w.listIds.length > 0 && { listIds: w.listIds }),
    ...(name && {
      template: { name, language: w.templateLanguage.trim(), ...(w.templateParams.length > 0 && { params: w.templateParams.map((p) => p.trim()) }) },
    }),
  };
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/**
 * The API's `config` of the draft: only what is filled in, overrides only for chosen platforms,
 * Reddit's, YouTube's, TikTok's and WhatsApp's fields only while an account of that network is chosen.
 */
export function configOf(
  s: Pick<ComposerState, "media" | "thread" | "overrides" | "link" | "firstComment" | "reddit" | "youtube" | "tiktok" | "whatsapp">,
  platforms: ComposerAccount[],
) {
  const done = s.media.filter((m) => m.state === "done" && m.asset);
  const parts = s.thread.filter((t) => t.trim() !== "");
  const ov = Object.fromEntries(Object.entries(s.overrides).filter(([p]) => platforms.some((x) => x.platform === p)));
  const has = (platform: string) => platforms.some((p) => p.platform === platform);
  const reddit = has("reddit") ? redditConfigOf(s.reddit) : undefined;
  const youtube = has("youtube") ? youtubeConfigOf(s.youtube) : undefined;
  const tiktok = has("tiktok") ? tiktokConfigOf(s.tiktok) : undefined;
  const whatsapp = has("whatsapp") ? whatsappConfigOf(s.whatsapp) : undefined;
  return {
    ...(Object.keys(ov).length > 0 && { overrides: ov }),
    ...(done.length > 0 && {
      media: done.map((m) => ({ url: m.asset!.url, type: m.asset!.kind, sizeBytes: m.asset!.sizeBytes, ...(m.altText.trim() && { altText: m.altText.trim() }) })),
    }),
    ...(s.link.trim() && { link: s.link.trim() }),
    ...(parts.length > 0 && { thread: parts }),
    ...(s.firstComment.trim() && { firstComment: s.firstComment }),
    ...(reddit && { reddit }),
    ...(youtube && { youtube }),
    ...(tiktok && { tiktok }),
    ...(whatsapp && { whatsapp }),
  };
}
export type ComposeConfig = ReturnType<typeof configOf>;

/**
 * The server's field errors by the field they are shown at (every thread part's and media item's
 * at the thread and the media), and the messages no field of the composer shows.
 */
export function placeErrors(fields: FieldError[]): { errors: Record<string, string>; unplaced: string[] } {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const f of fields) {
    const path = f.path.replace(/^config\.(thread|media)\.\d+.*/, "config.$1");
    // Next to a platform's own field, "twitter: " in front of the message says nothing new.
    const message = /^config\.(overrides|reddit|youtube|tiktok|whatsapp)\./.test(path) ? f.message.replace(/^[a-z]+: /, "") : f.message;
    if (errors[path]) errors[path] += ` ${message}`;
    else errors[path] = message;
    if (!/^(content|accountIds|scheduledAt|recurrence|campaignId|config\.(overrides|media|link|thread|firstComment|reddit\.(subreddit|title|flairId)$|youtube\.(title|privacy|categoryId|tags|madeForKids)$|tiktok\.(privacy|brandContent|brandOrganic)$|whatsapp\.(listIds|template(\.(name|language|params(\.\d+)?))?)$))/.test(path)) unplaced.push(f.message);
  }
  return { errors, unplaced };
}

/**
 * What the subreddit's rules refuse about this post, by the field it is shown at: a subreddit that
 * does not exist (or cannot be posted in), a link or image where it takes text only, text where it
 * takes links only, no flair where one is required and there are flairs to choose. Scheduling waits
 * until there is none; a draft may be saved anyway. Nothing for a simulated account.
 */
export function redditBlockers(rules: SubredditCheck | undefined, r: Pick<RedditDraft, "flairId">, post: { link: string; media: number }): Record<string, string> {
  if (!rules || rules.simulated) return {};
  const sr = `r/${rules.name}`;
  if (!rules.exists || rules.problem) return { "config.reddit.subreddit": rules.problem ?? `${sr} does not exist.` };
  const out: Record<string, string> = {};
  if (post.link.trim() && !rules.linkPostsAllowed) out["config.link"] = `Link posts are not allowed in ${sr}: leave the link out, or put it into the text.`;
  else if (post.media > 0 && !rules.linkPostsAllowed) out["config.media"] = `Image posts are not allowed in ${sr}: it takes text posts only.`;
  else if (!post.link.trim() && post.media === 0 && !rules.selfPostsAllowed) out["config.reddit.subreddit"] = `Text posts are not allowed in ${sr}: add a link or an image.`;
  if (rules.flairRequired && !r.flairId && rules.flairs.length > 0) out["config.reddit.flairId"] = "This subreddit requires a flair: choose one.";
  return out;
}

/**
 * What TikTok's disclosure refuses, by the field it is shown at: turned on without saying whose
 * brand it promotes (docs/adapters.md, "TikTok"). Scheduling waits until it is fixed.
 */
export function tiktokBlockers(t: TikTokDraft): Record<string, string> {
  if (t.disclose && !t.brandOrganic && !t.brandContent) {
    return { "config.tiktok.brandOrganic": "Say what the post promotes (your brand, branded content or both), or turn the disclosure off." };
  }
  return {};
}
