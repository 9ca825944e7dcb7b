// The one adapter interface every platform implements (docs/design.md, "Platforms").
import type { FailureClass } from "../errors";
import type { Platform } from "../generated/prisma/enums";
import type { RedditFields } from "./reddit/fields";
import type { TikTokFields } from "./tiktok/fields";
import type { WhatsappFields } from "./whatsapp/fields";
import type { YoutubeFieldsInput } from "./youtube/fields";

export type { FailureClass, Platform };

export interface MediaRef {
  url: string;
  type: "image" | "video" | "gif";
  altText?: string;
  sizeBytes?: number;
  /** Videos, as ffmpeg read them at upload (lib/media/video.ts); checked against each network's video rules. */
  durationMs?: number;
  /** As shown (rotation applied). */
  width?: number;
  height?: number;
  videoCodec?: string;
  audioCodec?: string;
  /** Frames a second (ffmpeg's average rate); checked against the networks' frame-rate rules. */
  frameRate?: number;
  /** A video's cover picture (JPEG), for networks that take one by URL (Instagram Reels' cover_url). */
  posterUrl?: string;
}

export interface PublishContent {
  text: string;
  link?: string;
  media?: MediaRef[];
  /** Further posts of a thread (reply chain), after `text`. */
  thread?: string[];
  firstComment?: string;
  /** Reddit's own fields (subreddit, title, flair, flags): config.reddit of the request. */
  reddit?: RedditFields;
  /** TikTok's own fields (privacy, comments/Duet/Stitch, disclosure, photo title): config.tiktok. */
  tiktok?: TikTokFields;
  /** YouTube's own fields (title, privacy, category, tags, made for kids, Shorts): config.youtube. */
  youtube?: YoutubeFieldsInput;
  /** WhatsApp's recipients (lists, people), template and document: config.whatsapp. */
  whatsapp?: WhatsappFields;
}

export interface SimulationConfig {
  /** Share of publish calls that fail, 0–1; decided deterministically per key and attempt. */
  failRate: number;
  failureClass: FailureClass;
  /** Added to every simulated call, in milliseconds. */
  latencyMs: number;
  /** For rate_limited failures: seconds until the simulated reset. */
  retryAfterS?: number;
  /** Behave like a platform that cannot be searched: reconcile() cannot tell. */
  unverifiable?: boolean;
}

export interface AccountContext {
  id: string;
  workspaceId: string;
  platform: Platform;
  handle: string;
  /** Decrypted credentials, or null: the account runs in simulation mode. */
  credentials: Record<string, string> | null;
  simulation: SimulationConfig | null;
}

export interface PublishResult {
  platformPostId: string;
  url: string;
  simulated: boolean;
  /** Ids of further thread parts, in order. */
  threadIds?: string[];
  /** What did not work although the post is live (YouTube's custom thumbnail refused): kept on the target. */
  warnings?: string[];
}

export type ReconcileResult =
  | { state: "found"; result: PublishResult }
  | { state: "absent" }
  | { state: "unknown"; reason: string };

export interface Metrics {
  likes: number;
  reposts: number;
  replies: number;
  impressions: number | null;
  simulated: boolean;
}

export interface ValidationProblem {
  platform: Platform;
  /** What is wrong; the schedule API names it as a path (text → content, reddit.title → config.reddit.title). */
  field: "text" | "media" | "thread" | "link" | "firstComment" | "reddit.subreddit" | "reddit.title" | "tiktok.privacy" | "youtube.title" | "whatsapp.listIds" | "whatsapp.recipientIds" | "whatsapp.document";
  message: string;
}

export interface CallContext {
  account: AccountContext;
  signal: AbortSignal;
}

export interface PublishInput extends CallContext {
  content: PublishContent;
  /** Stable per task: platforms that support it dedupe on it; reconcile looks it up. */
  idempotencyKey: string;
  /** 1 for the first attempt; simulation uses it to decide injected failures. */
  attempt: number;
  /**
   * Keeps the platform's own id for what is being published (TikTok's publish_id) with the task,
   * before the step that can leave the publish in doubt; reconcile gets it back as `platformRef`,
   * also in a later process call.
   */
  remember?: (platformRef: string) => Promise<void>;
  /** What an earlier attempt of the same task kept with `remember` (YouTube resumes its upload session from it). */
  platformRef?: string;
}

export interface PlatformAdapter {
  readonly platform: Platform;
  readonly simulated: boolean;
  validate(content: PublishContent): ValidationProblem[];
  /**
   * How long publishing this content may take, when longer than the scheduler's default (video
   * that the platform processes before it can be published). The scheduler never waits less.
   */
  publishTimeoutMs?(content: PublishContent): number;
  publish(input: PublishInput): Promise<PublishResult>;
  metrics(input: CallContext & { platformPostId: string }): Promise<Metrics>;
  /**
   * Did a publish with this key reach the platform? Used for in-doubt tasks. `since` is when the
   * task's first attempt started (less a margin for clock skew): a post older than that cannot be
   * Herald's, so adapters that match by text never look further back.
   */
  reconcile(input: CallContext & { idempotencyKey: string; content: PublishContent; since?: Date; platformRef?: string }): Promise<ReconcileResult>;
  /**
   * Refreshes expiring credentials; returns the new ones (an `expiresAt` ISO string among them
   * sets the account's token expiry and schedules the next refresh), or null when nothing expires.
   */
  refresh(input: CallContext): Promise<Record<string, string> | null>;
  /** Maps anything the platform or the network threw to a PlatformError. */
  classify(err: unknown): PlatformError;
}

/** A classified platform failure: the scheduler's decisions key off `failureClass`. */
export class PlatformError extends Error {
  readonly failureClass: FailureClass;
  readonly code: string;
  readonly httpStatus?: number;
  /** When the platform says we may try again (Retry-After, x-rate-limit-reset). */
  readonly retryAt?: Date;

  constructor(
    failureClass: FailureClass,
    code: string,
    message: string,
    opts: { httpStatus?: number; retryAt?: Date; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "PlatformError";
    this.failureClass = failureClass;
    this.code = code;
    this.httpStatus = opts.httpStatus;
    this.retryAt = opts.retryAt;
  }
}
