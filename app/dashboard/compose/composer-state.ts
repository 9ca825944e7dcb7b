// The composer's state and its one way to change: a pure reducer over the draft (accounts, text,
// per-platform overrides, link, media, thread, first comment, schedule, the agent's brief) and
// what the page says about it (active tab, field errors, alert, pending action, refused findings).
// No React here beyond types, so test/unit/composer-state.test.ts runs it as it is.
import type { ReactNode } from "react";
import type { FieldError } from "@/lib/errors";
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

export interface ComposerState {
  selected: string[];
  content: string;
  /** Text per platform that replaces `content` there. */
  overrides: Record<string, string>;
  link: string;
  thread: string[];
  firstComment: string;
  media: MediaItem[];
  schedule: ScheduleState;
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
  | { type: "redditTitle"; title: string }
  | { type: "link"; link: string }
  | { type: "media"; update: (items: MediaItem[]) => MediaItem[] }
  | { type: "addPart" }
  | { type: "removePart"; index: number }
  | { type: "part"; index: number; text: string }
  | { type: "firstComment"; text: string }
  | { type: "schedule"; patch: Partial<ScheduleState> }
  | { type: "agentBrief"; brief: string | null }
  | { type: "tab"; tab: string }
  | { type: "reset" }
  | { type: "errors"; errors: Record<string, string> }
  | { type: "failed"; errors: Record<string, string>; alert: ReactNode }
  | { type: "alert"; alert: ComposerState["alert"] }
  | { type: "pending"; pending: Pending | null }
  | { type: "refused"; refused: ComposerState["refused"] };

export function initialState({ accounts, today, defaultTime }: { accounts: ComposerAccount[]; today: string; defaultTime: string }): ComposerState {
  return {
    selected: accounts.length === 1 ? [accounts[0].id] : [],
    content: "",
    overrides: {},
    link: "",
    thread: [],
    firstComment: "",
    media: [],
    schedule: { date: today, time: defaultTime, repeat: "none", interval: 2, unit: "weekly", weekdays: [], end: "never", until: "", count: 5 },
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

/** The first override field with an error names the tab to show it in. */
const overrideTab = (errors: Record<string, string>) => Object.keys(errors).find((k) => k.startsWith("config.overrides."))?.slice("config.overrides.".length);

export function reducer(state: ComposerState, action: ComposerAction): ComposerState {
  switch (action.type) {
    case "toggleAccount":
      return { ...state, selected: state.selected.includes(action.id) ? state.selected.filter((x) => x !== action.id) : [...state.selected, action.id] };
    case "content":
      return { ...state, content: action.text };
    case "override":
      return { ...state, overrides: withOverride(state.overrides, action.platform, action.text) };
    case "draft": {
      // The first platform's text becomes the main text; the others an override where they differ.
      const [first, ...rest] = action.posts;
      if (!first) return state;
      let overrides = withOverride(state.overrides, first.platform, undefined);
      for (const p of rest) overrides = withOverride(overrides, p.platform, p.text !== first.text ? p.text : undefined);
      return { ...state, content: first.text, overrides };
    }
    case "redditTitle":
      return { ...state, overrides: { ...state.overrides, reddit: `${action.title}\n\n${state.overrides.reddit ?? state.content}` } };
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
    case "agentBrief":
      return { ...state, agentBrief: action.brief };
    case "tab":
      return { ...state, tab: action.tab };
    case "reset":
      return { ...state, errors: {}, alert: null };
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

/** The API's `config` of the draft: only what is filled in, overrides only for chosen platforms. */
export function configOf(s: Pick<ComposerState, "media" | "thread" | "overrides" | "link" | "firstComment">, platforms: ComposerAccount[]) {
  const done = s.media.filter((m) => m.state === "done" && m.asset);
  const parts = s.thread.filter((t) => t.trim() !== "");
  const ov = Object.fromEntries(Object.entries(s.overrides).filter(([p]) => platforms.some((x) => x.platform === p)));
  return {
    ...(Object.keys(ov).length > 0 && { overrides: ov }),
    ...(done.length > 0 && {
      media: done.map((m) => ({ url: m.asset!.url, type: m.asset!.kind, sizeBytes: m.asset!.sizeBytes, ...(m.altText.trim() && { altText: m.altText.trim() }) })),
    }),
    ...(s.link.trim() && { link: s.link.trim() }),
    ...(parts.length > 0 && { thread: parts }),
    ...(s.firstComment.trim() && { firstComment: s.firstComment }),
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
    // Next to a platform's own text field, "twitter: " in front of the message says nothing new.
    const message = path.startsWith("config.overrides.") ? f.message.replace(/^[a-z]+: /, "") : f.message;
    if (errors[path]) errors[path] += ` ${message}`;
    else errors[path] = message;
    if (!/^(content|accountIds|scheduledAt|recurrence|config\.(overrides|media|link|thread|firstComment))/.test(path)) unplaced.push(f.message);
  }
  return { errors, unplaced };
}
