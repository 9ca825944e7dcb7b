// Every operation of Herald's REST API, for the OpenAPI document (lib/openapi/document.ts) and the
// API reference page (docs/decisions.md, "OpenAPI"). Bodies and queries are the routes' own zod
// schemas, imported from where the routes import them: the document cannot drift from what a
// route accepts. test/integration/openapi.test.ts fails when a route under app/api is missing
// here, when an entry names no route, and when an example is refused by its route.
import type { z } from "zod";
import { BestTimesQuery } from "../ai/best-time";
import { AnalyticsQuery } from "../analytics";
import { EraseMeInput } from "../gdpr/erase";
import { RequestDeletionInput } from "../gdpr/workspace-deletion";
import type { Role } from "../auth/roles";
import { GifSearchQuery, InsertGifInput } from "../gifs/giphy";
import { ImportMediaInput, ListMediaQuery } from "../media/schemas";
import { WebhookBody } from "../social/whatsapp/webhook";
import { InstagramWebhookBody } from "../inbox/instagram-mentions";
import { AuditQueryInput } from "../validation/audit";
import { CreateAccountInput, OAuthPickInput, OAuthStartInput, UpdateAccountInput } from "../validation/accounts";
import { AssistInput, EditPendingPostInput, ScheduleVariantsInput, StartAutopilotInput } from "../validation/ai";
import { RejectPostInput } from "../validation/approval";
import { CreateCampaignInput, UpdateCampaignInput } from "../validation/campaigns";
import { ComplianceCheckInput } from "../validation/compliance";
import { SaveDraftInput, SubredditQuery, ValidateComposeInput } from "../validation/compose";
import { ProcessQuery } from "../validation/cron";
import { EngagementPostRef } from "../validation/engagement";
import { ImportOptions } from "../validation/import";
import { InboxReplyInput, ListInboxQuery, UpdateInboxItemInput } from "../validation/inbox";
import { ListNotificationsQuery, MarkReadInput, NotificationPreferencesInput } from "../validation/notifications";
import { BulkPostsInput, EditPostInput, ListPostsQuery, MarkPublishedInput, ThroughputQuery } from "../validation/posts";
import { SetPublishingInput } from "../validation/publishing";
import { CreateRecipientInput, RecipientListInput, RecipientQuery, UpdateRecipientInput } from "../validation/recipients";
import { EngagementSettingsInput, LiveSettingsInput, SchedulerSettingsInput } from "../validation/settings";
import { ListTasksQuery, ScheduleTaskInput } from "../validation/tasks";
import { CreateApiKeyInput, NextSlotQuery, UpdateWorkspaceSettingsInput } from "../validation/workspace-settings";
import { CreateWorkspaceInput, SwitchWorkspaceInput } from "../validation/workspaces";
import { CreateWebhookEndpointInput, DeliveriesQuery, UpdateWebhookEndpointInput } from "../webhooks";
import { CreateFeedInput, UpdateFeedInput } from "../feeds";
import { LinkPreviewQuery } from "../link-preview";
import { EXAMPLE_DAY, EXAMPLE_IDS as ID, EXAMPLE_URLS } from "./examples";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call: "workspace" an API key (Authorization: Bearer) or a signed-in member (session
 * cookie); "session" a signed-in person only; "cron" the CRON_SECRET; "whatsapp" Meta, signed
 * with the app secret; "apiKey" an API key only; "public" anyone.
 */
export type Auth = "workspace" | "session" | "apiKey" | "cron" | "whatsapp" | "metaApp" | "public";

export interface Example {
  summary: string;
  value: unknown;
}

export interface BodySpec {
  /** Named in components.schemas by this name. */
  name: string;
  /** The route's own zod schema, or … */
  schema?: z.ZodType;
  /** … for a body Herald does not define (Better Auth's), a described object. */
  described?: Record<string, unknown>;
  examples: Example[];
}

export interface Operation {
  method: HttpMethod;
  /** With {param} for a dynamic segment, as OpenAPI writes it. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: Auth;
  /** The least role for a workspace caller (API keys act as admins). */
  minRole?: Role;
  /** Each path parameter's meaning and an example value. */
  params?: Record<string, { description: string; example: string }>;
  /** The route's query schema (a zod object), by name. */
  query?: { name: string; schema: z.ZodObject };
  /** A JSON body (application/json). */
  body?: BodySpec;
  /** Bodies of other media types (CSV, multipart), described; examples are sent as text. */
  otherBodies?: { contentType: string; description: string; schema: Record<string, unknown>; example?: string }[];
  /** Whether a body is required (default: true when there is one). */
  bodyOptional?: boolean;
  response: {
    status: number;
    description: string;
    /** The answer's fields besides `success: true`, each described. */
    fields?: Record<string, string>;
    /** A non-JSON answer (a stream, CSV, a file, a redirect): its media type. */
    contentType?: string;
  };
  /** Error statuses beyond those the auth, body, query and path imply. */
  errors?: number[];
}

const id = (what: string, example: string) => ({ id: { description: `The ${what}'s id.`, example } });
/** Better Auth validates its own bodies: named here, not copied (its docs have the rest). */
const betterAuthBody = (description: string, fields: string[]) => ({
  type: "object",
  description,
  properties: Object.fromEntries(fields.map((f) => [f, { type: "string" }])),
  required: fields,
});
const at = (time: string) => `${EXAMPLE_DAY}T${time}`;
/** An inbox item's id in the examples (no seeded row: the example reaches the route and finds none). */
const INBOX_ITEM_ID = "cmbakery0inboxitem00000001";

export const OPERATIONS: Operation[] = [
  // ------------------------------------------------------------------------------------------
  // Accounts
  {
    method: "get", path: "/api/accounts", tag: "Accounts", auth: "workspace", minRole: "viewer",
    summary: "List the workspace's social accounts",
    response: { status: 200, description: "The accounts, without credentials.", fields: { accounts: "Each account: id, platform, handle, display name, status, whether it runs in simulation." } },
  },
  {
    method: "post", path: "/api/accounts", tag: "Accounts", auth: "workspace", minRole: "admin",
    summary: "Connect an account with credentials (or in simulation mode without them)",
    description: "Credentials are checked against the platform's shape and stored encrypted. Leave them out to run the account in simulation mode.",
    body: {
      name: "CreateAccountInput", schema: CreateAccountInput,
      examples: [{ summary: "A Threads account in simulation mode", value: { platform: "threads", handle: "cornerbakery", displayName: "Corner Bakery" } }],
    },
    response: { status: 201, description: "The connected account.", fields: { account: "The account, without credentials." } },
    errors: [409],
  },
  {
    method: "get", path: "/api/accounts/{id}", tag: "Accounts", auth: "workspace", minRole: "viewer",
    summary: "Read one account", params: id("account", ID.accountId),
    response: { status: 200, description: "The account.", fields: { account: "The account, without credentials." } },
  },
  {
    method: "patch", path: "/api/accounts/{id}", tag: "Accounts", auth: "workspace", minRole: "editor",
    summary: "Rename or reconfigure an account; change its credentials (admin)", params: id("account", ID.accountId),
    description: "Changing `credentials` or `tokenExpiresAt` needs the admin role; `credentials: null` switches the account to simulation mode.",
    body: { name: "UpdateAccountInput", schema: UpdateAccountInput, examples: [{ summary: "A new display name", value: { displayName: "Corner Bakery & Café" } }] },
    response: { status: 200, description: "The updated account.", fields: { account: "The account, without credentials." } },
  },
  {
    method: "delete", path: "/api/accounts/{id}", tag: "Accounts", auth: "workspace", minRole: "admin",
    summary: "Disconnect an account", params: id("account", ID.accountId),
    response: { status: 200, description: "What was removed with it.", fields: { deleted: "The account's id." } },
    errors: [409],
  },
  {
    method: "get", path: "/api/accounts/{id}/reddit/subreddit", tag: "Accounts", auth: "workspace", minRole: "viewer",
    summary: "What a Reddit account may post in a subreddit", params: id("Reddit account", ID.accountId),
    query: { name: "SubredditQuery", schema: SubredditQuery },
    response: { status: 200, description: "Whether the subreddit exists, allows link and text posts, requires a flair, and its flairs." },
    errors: [502],
  },
  {
    method: "get", path: "/api/accounts/{id}/whatsapp/templates", tag: "Accounts", auth: "workspace", minRole: "viewer",
    summary: "A WhatsApp account's approved message templates", params: id("WhatsApp account", ID.whatsappAccountId),
    response: { status: 200, description: "The templates: name, language, body, how many values, header kind.", fields: { templates: "The approved templates." } },
    errors: [502],
  },
  {
    method: "get", path: "/api/accounts/{id}/youtube/quota", tag: "Accounts", auth: "workspace", minRole: "viewer",
    summary: "What is left of a YouTube account's daily API quota", params: id("YouTube account", ID.accountId),
    response: { status: 200, description: "The quota as Herald counted it: limit, used, left, uploads left, when it resets." },
  },
  {
    method: "post", path: "/api/accounts/oauth/{platform}/start", tag: "Accounts", auth: "session", minRole: "admin",
    summary: "Begin connecting an account with OAuth",
    description: "For Mastodon, Bluesky (atproto OAuth), X, LinkedIn, Reddit, Threads, Facebook (and Instagram), YouTube and TikTok. Answers the platform's authorize URL to send the browser to; the platform sends it back to the callback. Bluesky needs the person's handle ({ \"handle\": \"cornerbakery.bsky.social\" }); one that does not resolve, or whose server cannot be reached, is a 400 naming the handle field.",
    params: { platform: { description: "The platform: mastodon, bluesky, twitter, linkedin, reddit, threads, facebook, youtube or tiktok.", example: "mastodon" } },
    body: { name: "OAuthStartInput", schema: OAuthStartInput, examples: [{ summary: "Mastodon needs the person's server", value: { instanceUrl: EXAMPLE_URLS.mastodon } }] },
    bodyOptional: true,
    response: { status: 200, description: "Where to send the browser.", fields: { url: "The platform's authorize URL." } },
    errors: [502],
  },
  {
    method: "get", path: "/api/accounts/oauth/{platform}/callback", tag: "Accounts", auth: "public",
    summary: "Where the platform sends the browser back after OAuth",
    description: "Finishes the flow against the person's own session cookie and redirects to the accounts page with the outcome (or, for Meta, the Pages to choose from). Not called by scripts.",
    params: { platform: { description: "The platform the flow was started for.", example: "mastodon" } },
    response: { status: 303, description: "A redirect to the accounts page, with the outcome in its query.", contentType: "none" },
  },
  {
    method: "post", path: "/api/accounts/oauth/pick", tag: "Accounts", auth: "session", minRole: "admin",
    summary: "Connect the accounts chosen from a sign-in that offered several (Meta's Pages)",
    body: { name: "OAuthPickInput", schema: OAuthPickInput, examples: [{ summary: "Two Pages chosen", value: { key: ID.pickKey, choices: ["page:104938572", "ig:17841405822304"] } }] },
    response: { status: 201, description: "The connected accounts.", fields: { accounts: "The accounts.", connected: "Their ids." } },
    errors: [409],
  },

  // ------------------------------------------------------------------------------------------
  // Posts
  {
    method: "post", path: "/api/agent/schedule", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Schedule a post (one task per account) or an engagement collection",
    description: "An editor's post waits for approval when the workspace requires it; a post due now starts publishing right after the response. Without an offset, `scheduledAt` is wall time in the workspace's time zone. The same `idempotencyKey` answers the first post again (200, `duplicate: true`).",
    body: {
      name: "ScheduleTaskInput", schema: ScheduleTaskInput,
      examples: [
        { summary: "A post on two accounts, Friday 9:00 in the workspace's zone", value: { accountIds: [ID.accountId, ID.accountId2], content: "Fresh sourdough out of the oven at 9 — first ten loaves get a free croissant 🥐", scheduledAt: at("09:00"), config: { link: "https://cornerbakery.example/weekend" }, idempotencyKey: "weekend-sourdough-2031-05-16" } },
        { summary: "A weekly recurring post with the agent writing the text", value: { accountIds: [ID.accountId], content: null, scheduledAt: at("07:30"), config: { brief: "Remind followers that Saturday's bread sells out by noon" }, recurrence: { freq: "weekly", byWeekday: ["FR"], count: 8 } } },
      ],
    },
    response: { status: 201, description: "The post and its tasks (200 with `duplicate: true` for a repeated idempotencyKey).", fields: { postId: "The post's id.", approvalState: "none, pending or approved.", publishingPaused: "Whether the workspace's emergency stop holds it.", task: "The first task.", tasks: "One task per account.", compliance: "Warnings of the brand-voice check, if any." } },
    errors: [409, 422],
  },
  {
    method: "get", path: "/api/posts", tag: "Posts", auth: "workspace", minRole: "viewer",
    summary: "List posts with their targets, filtered and cursor-paginated",
    query: { name: "ListPostsQuery", schema: ListPostsQuery },
    response: { status: 200, description: "A page of posts.", fields: { posts: "Each post with its targets (status, permalink, error, task id).", nextCursor: "The cursor of the next page, or null." } },
  },
  {
    method: "get", path: "/api/posts/{id}", tag: "Posts", auth: "workspace", minRole: "viewer",
    summary: "Read one post with its targets", params: id("post", ID.postId),
    response: { status: 200, description: "The post.", fields: { post: "The post with its targets." } },
  },
  {
    method: "patch", path: "/api/posts/{id}", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Edit a draft, a post awaiting approval, or a scheduled post not yet started", params: id("post", ID.postId),
    description: "Fields left out stay; `config` replaces the whole config. 409 with the reason once publishing started.",
    body: { name: "EditPostInput", schema: EditPostInput, examples: [{ summary: "New text and a later time", value: { content: "Sourdough is back on Saturday — preorder by Friday noon!", scheduledAt: at("10:30") } }] },
    response: { status: 200, description: "The edited post.", fields: { post: "The post with its targets." } },
    errors: [409, 422],
  },
  {
    method: "delete", path: "/api/posts/{id}", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Delete a post that is not being published right now", params: id("post", ID.postId),
    response: { status: 200, description: "The deleted post's id.", fields: { deleted: "The post's id." } },
    errors: [409],
  },
  {
    method: "post", path: "/api/posts/{id}/cancel", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Cancel a scheduled post (it stays, as cancelled)", params: id("post", ID.postId),
    response: { status: 200, description: "The cancelled post.", fields: { post: "The post with its targets." } },
    errors: [409],
  },
  {
    method: "post", path: "/api/posts/{id}/approve", tag: "Posts", auth: "workspace", minRole: "admin",
    summary: "Approve a post waiting for approval", params: id("post", ID.pendingPostId),
    response: { status: 200, description: "The approved post; it publishes at its time (at once when due).", fields: { post: "The post with its targets and tasks." } },
    errors: [409, 422],
  },
  {
    method: "put", path: "/api/posts/{id}/text", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Edit the text of a post still waiting for approval", params: id("post", ID.pendingPostId),
    body: { name: "EditPendingPostInput", schema: EditPendingPostInput, examples: [{ summary: "Shorter text, and its own for Mastodon", value: { text: "Saturday: sourdough, rye and spelt. Open 7–14.", overrides: { mastodon: "Saturday: sourdough, rye and spelt. Open 7–14. #bakery" } } }] },
    response: { status: 200, description: "The post.", fields: { post: "The post." } },
    errors: [409, 422],
  },
  {
    method: "post", path: "/api/posts/{id}/reject", tag: "Posts", auth: "workspace", minRole: "admin",
    summary: "Reject a post waiting for approval, with the reason", params: id("post", ID.pendingPostId),
    body: { name: "RejectPostInput", schema: RejectPostInput, examples: [{ summary: "Why it was rejected", value: { reason: "The price is wrong: the loaf costs €4.50 since May." } }] },
    response: { status: 200, description: "The rejected (cancelled) post.", fields: { post: "The post." } },
    errors: [409],
  },
  {
    method: "get", path: "/api/posts/{id}/versions", tag: "Posts", auth: "workspace", minRole: "viewer",
    summary: "A post's edits, newest first", params: id("post", ID.postId),
    response: { status: 200, description: "Who changed what, when.", fields: { versions: "The edits." } },
  },
  {
    method: "get", path: "/api/posts/{id}/deliveries", tag: "Posts", auth: "workspace", minRole: "viewer",
    summary: "A WhatsApp post's delivery per recipient", params: id("post", ID.postId),
    response: { status: 200, description: "Each recipient's delivery (sent, delivered, read, failed with why, skipped) and the totals." },
  },
  {
    method: "post", path: "/api/posts/{id}/targets/{targetId}/mark-published", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Confirm that a target needing review is live",
    params: { ...id("post", ID.reviewPostId), targetId: { description: "The target's id (one account of the post).", example: ID.targetId } },
    body: { name: "MarkPublishedInput", schema: MarkPublishedInput, examples: [{ summary: "With the live post's address", value: { url: "https://bsky.app/profile/cornerbakery.bsky.social/post/3kx2sourdough" } }] },
    bodyOptional: true,
    response: { status: 200, description: "The post, rolled up.", fields: { post: "The post with its targets." } },
    errors: [409],
  },
  {
    method: "post", path: "/api/posts/bulk", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Reschedule, cancel or delete up to 100 posts, each on its own",
    body: { name: "BulkPostsInput", schema: BulkPostsInput, examples: [{ summary: "Move two posts to Saturday morning", value: { ids: [ID.postId, ID.pendingPostId], action: "reschedule", scheduledAt: "2031-05-17T08:00" } }] },
    response: { status: 200, description: "One result per post: done, or the refusal (e.g. 409 once publishing started).", fields: { results: "Per post: id, ok, and the error if refused." } },
  },
  {
    method: "post", path: "/api/posts/drafts", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Save a post as a draft (stored, never scheduled)",
    body: { name: "SaveDraftInput", schema: SaveDraftInput, examples: [{ summary: "A draft for one account and a campaign", value: { content: "Our new cinnamon buns — coming soon.", accountIds: [ID.accountId], campaignId: ID.campaignId } }] },
    response: { status: 201, description: "The draft.", fields: { post: "The draft post." } },
  },
  {
    method: "post", path: "/api/posts/validate", tag: "Posts", auth: "workspace", minRole: "viewer",
    summary: "Check a draft against each chosen account's platform rules",
    body: { name: "ValidateComposeInput", schema: ValidateComposeInput, examples: [{ summary: "Check a text for two networks", value: { content: "Fresh sourdough out of the oven at 9 🥐 https://cornerbakery.example/weekend", accountIds: [ID.accountId, ID.accountId2] } }] },
    response: { status: 200, description: "Per account: ok, the errors and warnings, the length as the platform counts it.", fields: { ok: "Whether every account's check passed.", accounts: "Per account." } },
  },
  {
    method: "post", path: "/api/agent/compliance", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Check a post's text against the workspace's brand voice",
    body: { name: "ComplianceCheckInput", schema: ComplianceCheckInput, examples: [{ summary: "A text with a link", value: { text: "Best bread in town! Order at https://cornerbakery.example/order #sourdough", link: "https://cornerbakery.example/order", platforms: ["bluesky", "mastodon"] } }] },
    response: { status: 200, description: "The findings (words to avoid, profanity, claims, link policy, hashtags, emoji).", fields: { findings: "Each finding: rule, severity, message." } },
  },
  {
    method: "post", path: "/api/import", tag: "Posts", auth: "workspace", minRole: "editor",
    summary: "Bulk-import posts from a CSV: preview (dryRun) or schedule",
    description: "Columns: text, platforms, time (required), media_url, alt_text, campaign. At most 1 MB and 500 rows. Send multipart/form-data with `file` (and `dryRun`), or a text/csv body with `?dryRun=1`.",
    query: { name: "ImportOptions", schema: ImportOptions },
    otherBodies: [
      { contentType: "text/csv", description: "The CSV file itself.", schema: { type: "string" }, example: `text,platforms,time,campaign\n"Sourdough Saturday, 7–14",bluesky,${EXAMPLE_DAY} 09:00,Weekend\n"Cinnamon buns are back",bluesky,${EXAMPLE_DAY} 15:00,\n` },
      { contentType: "multipart/form-data", description: "A form upload.", schema: { type: "object", properties: { file: { type: "string", contentMediaType: "text/csv", description: "The CSV file." }, dryRun: { type: "string", enum: ["1", "0", "true", "false"], description: "Preview only." } }, required: ["file"] } },
    ],
    response: { status: 201, description: "Scheduled posts (or, with dryRun, 200 with the preview and each row's errors)." },
    errors: [422],
  },

  // ------------------------------------------------------------------------------------------
  // Tasks
  {
    method: "get", path: "/api/agent/tasks", tag: "Tasks", auth: "workspace", minRole: "viewer",
    summary: "List the workspace's tasks, filtered and paginated",
    query: { name: "ListTasksQuery", schema: ListTasksQuery },
    response: { status: 200, description: "A page of tasks.", fields: { tasks: "The tasks.", nextCursor: "The cursor of the next page, or null." } },
  },
  {
    method: "get", path: "/api/agent/tasks/{id}", tag: "Tasks", auth: "workspace", minRole: "viewer",
    summary: "One task with its attempts", params: id("task", ID.taskId),
    response: { status: 200, description: "The task.", fields: { task: "The task and its attempts." } },
  },
  {
    method: "post", path: "/api/agent/tasks/{id}/cancel", tag: "Tasks", auth: "workspace", minRole: "editor",
    summary: "Cancel a pending (or needs-review) task", params: id("task", ID.taskId),
    response: { status: 200, description: "The cancelled task.", fields: { task: "The task." } },
    errors: [409],
  },
  {
    method: "post", path: "/api/agent/tasks/{id}/retry", tag: "Tasks", auth: "workspace", minRole: "editor",
    summary: "Run a failed, cancelled or needs-review task again, now", params: id("task", ID.taskId),
    response: { status: 200, description: "The task, pending again; it starts right after the response.", fields: { task: "The task." } },
    errors: [409],
  },
  {
    method: "get", path: "/api/agent/tasks/stats", tag: "Tasks", auth: "workspace", minRole: "admin",
    summary: "Task counts by status, platform and type; next due; lag",
    response: { status: 200, description: "The statistics.", fields: { stats: "Counts, next due, lag, mean run time." } },
  },
  {
    method: "get", path: "/api/agent/tasks/throughput", tag: "Tasks", auth: "workspace", minRole: "admin",
    summary: "Finished attempts per hour",
    query: { name: "ThroughputQuery", schema: ThroughputQuery },
    response: { status: 200, description: "Completed, failed and retried attempts per hour." },
  },
  {
    method: "get", path: "/api/agent/process", tag: "Cron", auth: "cron",
    summary: "Publish whatever is due (the cron call)",
    description: "Call every minute (Vercel Cron, cron-job.org) with Authorization: Bearer CRON_SECRET. GET and POST do the same.",
    query: { name: "ProcessQuery", schema: ProcessQuery },
    response: { status: 200, description: "A summary of the run: claimed, completed, failed, retried, held." },
  },
  {
    method: "post", path: "/api/agent/process", tag: "Cron", auth: "cron",
    summary: "Publish whatever is due (the cron call, as POST)",
    query: { name: "ProcessQuery", schema: ProcessQuery },
    response: { status: 200, description: "A summary of the run: claimed, completed, failed, retried, held." },
  },
  {
    method: "get", path: "/api/agent/cleanup", tag: "Cron", auth: "cron",
    summary: "Delete finished tasks older than 30 days and old events (daily cron)",
    response: { status: 200, description: "How many rows were deleted.", fields: { deleted: "Counts per kind." } },
  },

  // ------------------------------------------------------------------------------------------
  // AI agent
  {
    method: "post", path: "/api/agent/assist", tag: "AI agent", auth: "workspace", minRole: "editor",
    summary: "The composer's Assist: draft, rewrite, shorten, hashtags, variants, titles, reply",
    description: "Each answer says whether it was simulated (no OPENAI_API_KEY) and what it cost; over the monthly cap answers 402.",
    body: {
      name: "AssistInput", schema: AssistInput,
      examples: [
        { summary: "Draft per platform from a brief", value: { action: "draft", brief: "Announce our new rye loaf, baked with local flour, available from Saturday", platforms: ["bluesky", "mastodon"] } },
        { summary: "Shorten a text for X", value: { action: "shorten", text: "Our bakery is delighted to announce that from this Saturday onwards we will be baking a brand-new rye loaf with flour from the mill down the road.", platform: "twitter" } },
      ],
    },
    response: { status: 200, description: "The drafts or suggestions, `simulated`, and the cost." },
    errors: [402, 502],
  },
  {
    method: "get", path: "/api/agent/autopilot", tag: "AI agent", auth: "workspace", minRole: "viewer",
    summary: "Autopilot campaigns, their drafts and runs",
    response: { status: 200, description: "The campaigns with their drafts and runs.", fields: { campaigns: "The campaigns." } },
  },
  {
    method: "post", path: "/api/agent/autopilot", tag: "AI agent", auth: "workspace", minRole: "editor",
    summary: "Plan a week of posts for a campaign (runs as a task)",
    body: { name: "StartAutopilotInput", schema: StartAutopilotInput, examples: [{ summary: "Plan the week of a date", value: { campaign: "Spring bakes", brief: "Seasonal pastries: rhubarb tarts, wild garlic bread; friendly, local, no discounts", weekStart: EXAMPLE_DAY, accountIds: [ID.accountId], posts: 5 } }] },
    response: { status: 202, description: "The generate task that the next process run carries out.", fields: { task: "The task.", campaign: "The campaign." } },
    errors: [402],
  },
  {
    method: "post", path: "/api/agent/variants", tag: "AI agent", auth: "workspace", minRole: "editor",
    summary: "Schedule A/B variants of a post",
    body: { name: "ScheduleVariantsInput", schema: ScheduleVariantsInput, examples: [{ summary: "Two variants over two posting slots", value: { variants: [{ label: "A", text: "Saturday: sourdough at 7. Come early!" }, { label: "B", text: "The sourdough you love is back this Saturday from 7 🍞" }], accountIds: [ID.accountId], spread: "slots" } }] },
    response: { status: 201, description: "The variants' posts and their group.", fields: { group: "The variant group, for GET /api/agent/variants/{group}." } },
    errors: [409, 422],
  },
  {
    method: "get", path: "/api/agent/variants/{group}", tag: "AI agent", auth: "workspace", minRole: "viewer",
    summary: "Each variant's engagement and the winner",
    params: { group: { description: "The variant group.", example: ID.variantGroup } },
    response: { status: 200, description: "The variants with their numbers, and the winner once all have numbers." },
  },
  {
    method: "get", path: "/api/agent/best-times", tag: "AI agent", auth: "workspace", minRole: "viewer",
    summary: "The best weekday/hour slots to post, learned from engagement",
    query: { name: "BestTimesQuery", schema: BestTimesQuery },
    response: { status: 200, description: "The top slots, the next three such times, and the whole grid.", fields: { timeZone: "The workspace's zone.", source: "history or default.", sampleSize: "Posts learned from.", top: "The best slots.", next: "The next three best times (ISO).", grid: "A score per weekday and hour." } },
  },
  {
    method: "get", path: "/api/agent/usage", tag: "AI agent", auth: "workspace", minRole: "viewer",
    summary: "This month's AI calls, tokens and cost against the cap",
    response: { status: 200, description: "The model (or simulation) and the month's usage.", fields: { model: "The model.", simulated: "True without OPENAI_API_KEY.", notice: "Why it is simulated, or null.", usage: "Calls, tokens, cost, cap." } },
  },

  // ------------------------------------------------------------------------------------------
  // Campaigns
  {
    method: "get", path: "/api/campaigns", tag: "Campaigns", auth: "workspace", minRole: "viewer",
    summary: "The workspace's campaigns with how many posts each has",
    response: { status: 200, description: "The campaigns.", fields: { campaigns: "Each campaign with its post count." } },
  },
  {
    method: "post", path: "/api/campaigns", tag: "Campaigns", auth: "workspace", minRole: "editor",
    summary: "Create a campaign",
    body: { name: "CreateCampaignInput", schema: CreateCampaignInput, examples: [{ summary: "A campaign with a brief", value: { name: "Christmas stollen", brief: "Pre-orders for stollen from 1 December; traditional recipe, butter and marzipan." } }] },
    response: { status: 201, description: "The campaign.", fields: { campaign: "The campaign." } },
    errors: [409],
  },
  {
    method: "patch", path: "/api/campaigns/{id}", tag: "Campaigns", auth: "workspace", minRole: "editor",
    summary: "Rename a campaign or change its brief", params: id("campaign", ID.campaignId),
    body: { name: "UpdateCampaignInput", schema: UpdateCampaignInput, examples: [{ summary: "A new brief", value: { brief: "Pre-orders for stollen until 20 December; collect in store." } }] },
    response: { status: 200, description: "The campaign.", fields: { campaign: "The campaign." } },
    errors: [409],
  },
  {
    method: "get", path: "/api/campaigns/{id}/stats", tag: "Campaigns", auth: "workspace", minRole: "viewer",
    summary: "A campaign's metrics", params: id("campaign", ID.campaignId),
    response: { status: 200, description: "Posts by status, next scheduled, last published, engagement totals, recent activity." },
  },

  // ------------------------------------------------------------------------------------------
  // Analytics and engagement
  {
    method: "get", path: "/api/analytics", tag: "Analytics", auth: "workspace", minRole: "viewer",
    summary: "What the published posts earned: totals, series, per network, account and campaign",
    description: "With `format=csv`: one row per published target, as a CSV download.",
    query: { name: "AnalyticsQuery", schema: AnalyticsQuery },
    response: { status: 200, description: "range, totals, series, byPlatform, byAccount, byCampaign, topPosts (or the CSV)." },
  },
  {
    method: "get", path: "/api/engagement", tag: "Analytics", auth: "workspace", minRole: "viewer",
    summary: "A post's engagement per platform",
    query: { name: "EngagementPostRef", schema: EngagementPostRef },
    response: { status: 200, description: "Per target: likes, reposts, replies, impressions, when read.", fields: { targets: "The post's targets with their numbers." } },
  },
  {
    method: "post", path: "/api/engagement", tag: "Analytics", auth: "workspace", minRole: "editor",
    summary: "Collect a post's engagement now",
    body: { name: "EngagementPostRef", schema: EngagementPostRef, examples: [{ summary: "A published post", value: { postId: ID.postId } }] },
    response: { status: 202, description: "The collection tasks filed." },
    errors: [409],
  },

  // ------------------------------------------------------------------------------------------
  // Media
  {
    method: "get", path: "/api/media", tag: "Media", auth: "workspace", minRole: "viewer",
    summary: "List the workspace's media (paginated)",
    query: { name: "ListMediaQuery", schema: ListMediaQuery },
    response: { status: 200, description: "A page of media.", fields: { media: "Each file: id, kind, size, dimensions, alt text, URLs.", nextCursor: "The cursor of the next page, or null." } },
  },
  {
    method: "post", path: "/api/media", tag: "Media", auth: "workspace", minRole: "editor",
    summary: "Upload a file (multipart) or import one by URL (JSON)",
    description: "Images are checked and stripped of metadata; videos are converted to H.264 where needed. With `Accept: application/x-ndjson` the answer is progress lines, then the result.",
    body: { name: "ImportMediaInput", schema: ImportMediaInput, examples: [{ summary: "Import a picture by URL", value: { url: `${EXAMPLE_URLS.media}/sourdough.png`, altText: "A crusty sourdough loaf on a wooden board" } }] },
    otherBodies: [{ contentType: "multipart/form-data", description: "A file upload.", schema: { type: "object", properties: { file: { type: "string", contentMediaType: "application/octet-stream", description: "The image or video." }, altText: { type: "string", maxLength: 1500 } }, required: ["file"] } }],
    response: { status: 201, description: "The stored media.", fields: { media: "The file: id, kind, size, dimensions, alt text, URLs." } },
    errors: [502],
  },
  {
    method: "get", path: "/api/media/{id}", tag: "Media", auth: "workspace", minRole: "viewer",
    summary: "One media file's details", params: id("media file", ID.mediaId),
    response: { status: 200, description: "The media.", fields: { media: "The file's details." } },
  },
  {
    method: "delete", path: "/api/media/{id}", tag: "Media", auth: "workspace", minRole: "editor",
    summary: "Delete a media file (409 while a scheduled post uses it)", params: id("media file", ID.mediaId),
    response: { status: 200, description: "The deleted file's id.", fields: { deleted: "The id." } },
    errors: [409],
  },
  {
    method: "get", path: "/api/media/{id}/file", tag: "Media", auth: "public",
    summary: "The stored file, for platforms that fetch media by URL (no key: ids are 128-bit random)", params: id("media file", ID.mediaId),
    response: { status: 200, description: "The file's bytes, with range support.", contentType: "application/octet-stream" },
  },
  {
    method: "get", path: "/api/media/{id}/poster", tag: "Media", auth: "public",
    summary: "A video's JPEG poster frame (no key, like the file)", params: id("media file", ID.mediaId),
    response: { status: 200, description: "The JPEG.", contentType: "image/jpeg" },
  },
  {
    method: "get", path: "/api/gifs", tag: "Media", auth: "workspace", minRole: "viewer",
    summary: "Search GIFs (GIPHY, through Herald's server; 404 when this Herald has no GIPHY key)",
    description: "Results are limited to the deployment's GIPHY_RATING (default g). Show \"Powered by GIPHY\" with them.",
    query: { name: "GifSearchQuery", schema: GifSearchQuery },
    response: { status: 200, description: "A page of GIFs.", fields: { gifs: "Each GIF: id, title, previewUrl, width, height, attribution (provider, username, pageUrl).", nextOffset: "The offset of the next page, or null.", attribution: "The line to show with the results." } },
    errors: [404, 429, 502, 503],
  },
  {
    method: "post", path: "/api/gifs/media", tag: "Media", auth: "workspace", minRole: "editor",
    summary: "Store a GIPHY GIF as media, by its GIPHY id (looked up again on the server)",
    description: "The alt text keeps the source (\"… (via GIPHY)\"). The file passes the same checks and size limit as an upload.",
    body: { name: "InsertGifInput", schema: InsertGifInput, examples: [{ summary: "A GIF found with GET /api/gifs", value: { id: "3o7TKSjRrfIPjeiVyM", altText: "A birthday cake with candles" } }] },
    response: { status: 201, description: "The stored media.", fields: { media: "The file: id, kind (gif), size, dimensions, alt text, URLs." } },
    errors: [404, 429, 502, 503],
  },

  // ------------------------------------------------------------------------------------------
  // WhatsApp recipients
  {
    method: "get", path: "/api/recipients", tag: "WhatsApp recipients", auth: "workspace", minRole: "viewer",
    summary: "The workspace's WhatsApp recipients (filter by list, status, name or number)",
    query: { name: "RecipientQuery", schema: RecipientQuery },
    response: { status: 200, description: "A page of recipients.", fields: { recipients: "Each recipient: number, name, lists, opt-in and opt-out.", nextCursor: "The cursor of the next page, or null." } },
  },
  {
    method: "post", path: "/api/recipients", tag: "WhatsApp recipients", auth: "workspace", minRole: "editor",
    summary: "Add a recipient, with where and when they opted in",
    body: { name: "CreateRecipientInput", schema: CreateRecipientInput, examples: [{ summary: "A customer who signed up in store", value: { phone: "+44 7911 123456", name: "Ada Baker", optInSource: "Paper form at the counter", optInAt: "2024-11-28T08:15:00Z", listIds: [ID.listId] } }] },
    response: { status: 201, description: "The recipient.", fields: { recipient: "The recipient." } },
    errors: [409],
  },
  {
    method: "patch", path: "/api/recipients/{id}", tag: "WhatsApp recipients", auth: "workspace", minRole: "editor",
    summary: "Rename a recipient, set their lists, opt them out or back in", params: id("recipient", ID.recipientId),
    body: { name: "UpdateRecipientInput", schema: UpdateRecipientInput, examples: [{ summary: "Opt back in, saying where", value: { optedOut: false, optInSource: "Replied START to our message" } }] },
    response: { status: 200, description: "The recipient.", fields: { recipient: "The recipient." } },
  },
  {
    method: "delete", path: "/api/recipients/{id}", tag: "WhatsApp recipients", auth: "workspace", minRole: "editor",
    summary: "Delete a recipient", params: id("recipient", ID.recipientId),
    response: { status: 200, description: "The deleted recipient's id.", fields: { deleted: "The id." } },
  },
  {
    method: "get", path: "/api/recipient-lists", tag: "WhatsApp recipients", auth: "workspace", minRole: "viewer",
    summary: "The recipient lists with how many on each opted in and out",
    response: { status: 200, description: "The lists.", fields: { lists: "Each list with its counts." } },
  },
  {
    method: "post", path: "/api/recipient-lists", tag: "WhatsApp recipients", auth: "workspace", minRole: "editor",
    summary: "Create a recipient list",
    body: { name: "RecipientListInput", schema: RecipientListInput, examples: [{ summary: "A list", value: { name: "Weekend regulars" } }] },
    response: { status: 201, description: "The list.", fields: { list: "The list." } },
    errors: [409],
  },
  {
    method: "patch", path: "/api/recipient-lists/{id}", tag: "WhatsApp recipients", auth: "workspace", minRole: "editor",
    summary: "Rename a recipient list", params: id("list", ID.listId),
    body: { name: "RecipientListInput", schema: RecipientListInput, examples: [{ summary: "A new name", value: { name: "Saturday regulars" } }] },
    response: { status: 200, description: "The list.", fields: { list: "The list." } },
    errors: [409],
  },
  {
    method: "delete", path: "/api/recipient-lists/{id}", tag: "WhatsApp recipients", auth: "workspace", minRole: "editor",
    summary: "Delete a recipient list (its recipients stay)", params: id("list", ID.listId),
    response: { status: 200, description: "The deleted list's id.", fields: { deleted: "The id." } },
  },
  {
    method: "get", path: "/api/webhooks/whatsapp", tag: "WhatsApp recipients", auth: "public",
    summary: "Meta's subscription check of the WhatsApp webhook",
    description: "Answers `hub.challenge` when `hub.verify_token` equals WHATSAPP_VERIFY_TOKEN. 404 while the webhook is not configured.",
    response: { status: 200, description: "The challenge, as text.", contentType: "text/plain" },
  },
  {
    method: "post", path: "/api/webhooks/whatsapp", tag: "WhatsApp recipients", auth: "whatsapp",
    summary: "Meta's WhatsApp webhook: delivery statuses and replies",
    description: "Signed with WHATSAPP_APP_SECRET (X-Hub-Signature-256 over the raw body). A STOP reply opts the sender out.",
    body: {
      name: "WhatsAppWebhookBody", schema: WebhookBody,
      examples: [{ summary: "A message was delivered", value: { object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550001234", phone_number_id: "109876543210" }, statuses: [{ id: "wamid.HBgLNDQ3OTExMTIzNDU2FQIAERgSMEE4", status: "delivered", timestamp: "1936944000", recipient_id: "447911123456" }] } }] }] } }],
    },
    response: { status: 200, description: "What was applied.", fields: { ok: "Always true." } },
  },
  {
    method: "get", path: "/api/webhooks/instagram", tag: "Inbox", auth: "public",
    summary: "Meta's subscription check of the Instagram webhook",
    description: "Answers `hub.challenge` when `hub.verify_token` equals INSTAGRAM_WEBHOOK_VERIFY_TOKEN. 404 while the webhook is not configured (docs/inbox.md).",
    response: { status: 200, description: "The challenge, as text.", contentType: "text/plain" },
  },
  {
    method: "post", path: "/api/webhooks/instagram", tag: "Inbox", auth: "metaApp",
    summary: "Meta's Instagram webhook: @mentions of a connected account",
    description: "Signed with META_APP_SECRET (X-Hub-Signature-256 over the raw body). Each `mentions` change for a connected Instagram account is queued and read from the Graph API right after the response; other fields, and IG user ids no workspace connected, are acknowledged and ignored.",
    body: {
      name: "InstagramWebhookBody", schema: InstagramWebhookBody,
      examples: [{ summary: "The account was @mentioned in a comment", value: { object: "instagram", entry: [{ id: "17841405309211844", time: 1936944000, changes: [{ field: "mentions", value: { media_id: "17918195224117851", comment_id: "17894227972186120" } }] }] } }],
    },
    response: { status: 200, description: "What was queued.", fields: { ok: "Always true.", mentions: "Mentions in the call.", accounts: "Connected accounts they were queued for.", ignored: "Mentions for an IG user id no workspace connected." } },
  },

  // ------------------------------------------------------------------------------------------
  // Notifications (a signed-in member's own)
  {
    method: "get", path: "/api/notifications", tag: "Notifications", auth: "session", minRole: "viewer",
    summary: "The signed-in member's notifications, newest first, with the unread count",
    query: { name: "ListNotificationsQuery", schema: ListNotificationsQuery },
    response: { status: 200, description: "A page of notifications.", fields: { notifications: "The notifications.", unread: "How many are unread.", nextCursor: "The cursor of the next page, or null." } },
  },
  {
    method: "post", path: "/api/notifications/read", tag: "Notifications", auth: "session", minRole: "viewer",
    summary: "Mark notifications read: some by id, or all",
    body: { name: "MarkReadInput", schema: MarkReadInput, examples: [{ summary: "All of them", value: { all: true } }, { summary: "Some by id", value: { ids: [ID.notificationId] } }] },
    response: { status: 200, description: "How many were marked, and the unread count now." },
  },
  {
    method: "get", path: "/api/notifications/preferences", tag: "Notifications", auth: "session", minRole: "viewer",
    summary: "The member's email switches",
    response: { status: 200, description: "The switches.", fields: { preferences: "emailNotifications, weeklyDigest." } },
  },
  {
    method: "put", path: "/api/notifications/preferences", tag: "Notifications", auth: "session", minRole: "viewer",
    summary: "Change the member's email switches",
    body: { name: "NotificationPreferencesInput", schema: NotificationPreferencesInput, examples: [{ summary: "No weekly digest", value: { weeklyDigest: false } }] },
    response: { status: 200, description: "The switches.", fields: { preferences: "emailNotifications, weeklyDigest." } },
  },

  // ------------------------------------------------------------------------------------------
  // Community inbox (docs/decisions.md, "Inbox")
  {
    method: "get", path: "/api/inbox", tag: "Inbox", auth: "workspace", minRole: "viewer",
    summary: "Replies, comments and mentions from every connected account, newest first, with the open count",
    query: { name: "ListInboxQuery", schema: ListInboxQuery },
    response: { status: 200, description: "A page of inbox items.", fields: { items: "The items: network, kind, author, text, link, simulated, status, assignee, sentiment, intent, who classified them, when answered.", nextCursor: "The cursor of the next page, or null.", unread: "How many items are open.", notices: "What each account's last sweep could not read (a permission left unticked at the network), as accountId, platform, handle and messages; empty when every sweep read everything." } },
  },
  {
    method: "get", path: "/api/inbox/{id}", tag: "Inbox", auth: "workspace", minRole: "viewer",
    summary: "One inbox item with its thread (our post, the conversation, our answers) and its history",
    params: id("inbox item", INBOX_ITEM_ID),
    response: { status: 200, description: "The item and its thread.", fields: { item: "The item.", post: "Our post it answers, or null.", thread: "The conversation, oldest first.", history: "Who did what, when." } },
  },
  {
    method: "patch", path: "/api/inbox/{id}", tag: "Inbox", auth: "workspace", minRole: "editor",
    summary: "Mark an inbox item done, open or hidden (in Herald), or (un)assign it to a member",
    params: id("inbox item", INBOX_ITEM_ID),
    body: { name: "UpdateInboxItemInput", schema: UpdateInboxItemInput, examples: [{ summary: "Done", value: { status: "done" } }, { summary: "Unassign", value: { assignedToUserId: null } }] },
    response: { status: 200, description: "The item.", fields: { item: "The item as it is now." } },
  },
  {
    method: "post", path: "/api/inbox/{id}/reply", tag: "Inbox", auth: "workspace", minRole: "editor",
    summary: "Answer an inbox item through its account, as a threaded reply; the same answer twice is sent once",
    params: id("inbox item", INBOX_ITEM_ID),
    body: { name: "InboxReplyInput", schema: InboxReplyInput, examples: [{ summary: "An answer", value: { text: "Thank you! We open at 7 on Sundays." } }] },
    response: { status: 202, description: "The reply task, queued and started at once (200 when the same answer was already queued).", fields: { task: "The reply task: id, status, scheduledAt.", created: "Whether this request queued it." } },
  },

  // ------------------------------------------------------------------------------------------
  // Workspace
  {
    method: "get", path: "/api/workspace/settings", tag: "Workspace", auth: "workspace", minRole: "viewer",
    summary: "The workspace's name, time zone, posting slots, brand voice, approval rule, AI cap",
    response: { status: 200, description: "The settings.", fields: { settings: "The settings." } },
  },
  {
    method: "patch", path: "/api/workspace/settings", tag: "Workspace", auth: "workspace", minRole: "admin",
    summary: "Change the workspace's settings",
    body: { name: "UpdateWorkspaceSettingsInput", schema: UpdateWorkspaceSettingsInput, examples: [{ summary: "Time zone, two posting slots, a brand voice", value: { timeZone: "Europe/Berlin", postingSlots: [{ weekday: 5, time: "09:00" }, { weekday: 6, time: "08:30" }], brandVoice: { tone: "warm, local, a little playful", language: "en", emoji: "few", maxHashtags: 2, avoidWords: ["cheap"], linkPolicy: { allowedDomains: ["cornerbakery.example"] } } } }] },
    response: { status: 200, description: "The settings.", fields: { settings: "The settings." } },
  },
  {
    method: "get", path: "/api/workspace/next-slot", tag: "Workspace", auth: "workspace", minRole: "viewer",
    summary: "The next (or best-scoring) free weekly posting slot",
    query: { name: "NextSlotQuery", schema: NextSlotQuery },
    response: { status: 200, description: "The slot's time, or null when there are no slots." },
  },
  {
    method: "get", path: "/api/workspace/publishing", tag: "Workspace", auth: "workspace", minRole: "viewer",
    summary: "Whether the emergency stop is on",
    response: { status: 200, description: "The state.", fields: { publishing: "paused, since when, by whom, how many posts it holds." } },
  },
  {
    method: "put", path: "/api/workspace/publishing", tag: "Workspace", auth: "workspace", minRole: "admin",
    summary: "Switch the emergency stop: pause or resume all publishing",
    body: { name: "SetPublishingInput", schema: SetPublishingInput, examples: [{ summary: "Pause everything", value: { paused: true } }] },
    response: { status: 200, description: "The new state.", fields: { changed: "Whether it changed.", sendingDue: "Whether due posts start going out now.", publishing: "The state." } },
  },
  {
    method: "get", path: "/api/workspace/api-keys", tag: "Workspace", auth: "workspace", minRole: "admin",
    summary: "List the workspace's API keys (by prefix and last use)",
    response: { status: 200, description: "The keys, never the secrets.", fields: { apiKeys: "Each key: id, name, prefix, created, last used." } },
  },
  {
    method: "post", path: "/api/workspace/api-keys", tag: "Workspace", auth: "session", minRole: "admin",
    summary: "Create an API key (shown only in this answer)",
    body: { name: "CreateApiKeyInput", schema: CreateApiKeyInput, examples: [{ summary: "A key for a script", value: { name: "Website order form" } }] },
    response: { status: 201, description: "The key, once.", fields: { apiKey: "id, name, prefix and the key itself." } },
  },
  {
    method: "delete", path: "/api/workspace/api-keys/{id}", tag: "Workspace", auth: "session", minRole: "admin",
    summary: "Revoke an API key (it stops working at once)", params: id("API key", ID.apiKeyId),
    response: { status: 200, description: "The revoked key.", fields: { apiKey: "The key (without its secret)." } },
  },
  {
    method: "get", path: "/api/settings", tag: "Workspace", auth: "workspace", minRole: "viewer",
    summary: "Scheduler and live-update settings: in effect, defaults, the workspace's own",
    response: { status: 200, description: "The settings and their bounds.", fields: { settings: "effective, defaults, workspace.", bounds: "Each value's min and max." } },
  },
  {
    method: "put", path: "/api/settings/scheduler", tag: "Workspace", auth: "workspace", minRole: "admin",
    summary: "Retries of a failed publish and the first retry's delay",
    description: "A key set to null goes back to the deployment's default; an absent key stays.",
    body: { name: "SchedulerSettingsInput", schema: SchedulerSettingsInput, examples: [{ summary: "Two retries, 5 minutes apart at first", value: { maxRetries: 2, retryBaseMinutes: 5 } }] },
    response: { status: 200, description: "The settings.", fields: { settings: "effective, defaults, workspace." } },
  },
  {
    method: "put", path: "/api/settings/engagement", tag: "Workspace", auth: "workspace", minRole: "admin",
    summary: "How stale a recent post's numbers may get while someone watches / nobody does",
    body: { name: "EngagementSettingsInput", schema: EngagementSettingsInput, examples: [{ summary: "Every 10 minutes while watched, the default otherwise", value: { activeMs: 600000, idleMs: null } }] },
    response: { status: 200, description: "The settings.", fields: { settings: "effective, defaults, workspace." } },
  },
  {
    method: "put", path: "/api/settings/live", tag: "Workspace", auth: "workspace", minRole: "admin",
    summary: "The dashboard's live updates",
    body: { name: "LiveSettingsInput", schema: LiveSettingsInput, examples: [{ summary: "Poll events every 5 s", value: { eventsPollMs: 5000 } }] },
    response: { status: 200, description: "The settings.", fields: { settings: "effective, defaults, workspace." } },
  },
  {
    method: "get", path: "/api/client-config", tag: "Workspace", auth: "workspace", minRole: "viewer",
    summary: "The live-update settings the dashboard follows",
    response: { status: 200, description: "Polling intervals, the events URL, who is active.", fields: { activeClients: "People with the dashboard open.", config: "events, polling, heartbeatMs, engagement." } },
  },
  {
    method: "get", path: "/api/events", tag: "Workspace", auth: "workspace", minRole: "viewer",
    summary: "Server-Sent Events of the workspace (task:updated, post:updated, …)",
    description: "Resumes after Last-Event-ID (or ?lastEventId=); the stream ends itself before the function's limit and the client reconnects.",
    response: { status: 200, description: "An event stream.", contentType: "text/event-stream" },
  },
  {
    method: "post", path: "/api/heartbeat", tag: "Workspace", auth: "workspace", minRole: "viewer",
    summary: "The open dashboard says it is still there",
    response: { status: 200, description: "How many people are active.", fields: { activeClients: "The count." } },
  },
  {
    method: "get", path: "/api/workspaces", tag: "Workspace", auth: "session",
    summary: "The signed-in person's workspaces with their roles",
    response: { status: 200, description: "The workspaces.", fields: { activeWorkspaceId: "The session's workspace.", workspaces: "Each with its name and the person's role." } },
  },
  {
    method: "post", path: "/api/workspaces", tag: "Workspace", auth: "session",
    summary: "Create a workspace (its creator becomes owner; it becomes active)",
    body: { name: "CreateWorkspaceInput", schema: CreateWorkspaceInput, examples: [{ summary: "A second shop", value: { name: "Corner Bakery — Harbour Street", timeZone: "Europe/London" } }] },
    response: { status: 201, description: "The workspace.", fields: { workspace: "The workspace." } },
  },
  {
    method: "post", path: "/api/workspaces/active", tag: "Workspace", auth: "session",
    summary: "Switch the session's active workspace",
    body: { name: "SwitchWorkspaceInput", schema: SwitchWorkspaceInput, examples: [{ summary: "Switch", value: { workspaceId: ID.workspaceId } }] },
    response: { status: 200, description: "The workspace now active.", fields: { workspace: "The workspace." } },
  },

  // ------------------------------------------------------------------------------------------
  // Outgoing webhooks
  {
    method: "get", path: "/api/webhook-endpoints", tag: "Webhooks", auth: "workspace", minRole: "admin",
    summary: "The workspace's outgoing webhook endpoints, and the events one may subscribe to",
    response: { status: 200, description: "The endpoints (never their secrets).", fields: { endpoints: "Each endpoint: id, url, description, events, enabled, last delivery.", events: "The event types." } },
  },
  {
    method: "post", path: "/api/webhook-endpoints", tag: "Webhooks", auth: "workspace", minRole: "admin",
    summary: "Add an endpoint; its signing secret is in this answer once",
    description: "Deliveries are signed Standard Webhooks style (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256 with the secret) and retried when the address fails. The address must be public, and https in production.",
    body: { name: "CreateWebhookEndpointInput", schema: CreateWebhookEndpointInput, examples: [{ summary: "Tell the shop's system when posts go out or fail", value: { url: "https://hooks.cornerbakery.example/herald", description: "Order system", events: ["post.published", "post.failed"] } }] },
    response: { status: 201, description: "The endpoint and its secret.", fields: { endpoint: "The endpoint.", secret: "The signing secret (whsec_…), shown once." } },
  },
  {
    method: "patch", path: "/api/webhook-endpoints/{id}", tag: "Webhooks", auth: "workspace", minRole: "admin",
    summary: "Change an endpoint's address, description, events, or switch it off", params: id("webhook endpoint", ID.webhookEndpointId),
    body: { name: "UpdateWebhookEndpointInput", schema: UpdateWebhookEndpointInput, examples: [{ summary: "Also tell it about posts waiting for approval", value: { events: ["post.published", "post.failed", "post.needs_review"], enabled: true } }] },
    response: { status: 200, description: "The endpoint.", fields: { endpoint: "The endpoint." } },
  },
  {
    method: "delete", path: "/api/webhook-endpoints/{id}", tag: "Webhooks", auth: "workspace", minRole: "admin",
    summary: "Delete an endpoint with its delivery log", params: id("webhook endpoint", ID.webhookEndpointId),
    response: { status: 200, description: "The deleted endpoint.", fields: { endpoint: "The endpoint." } },
  },
  {
    method: "post", path: "/api/webhook-endpoints/{id}/test", tag: "Webhooks", auth: "workspace", minRole: "admin",
    summary: "Send a signed webhook.test event now (no retry)", params: id("webhook endpoint", ID.webhookEndpointId),
    response: { status: 200, description: "The delivery's result.", fields: { delivery: "status, HTTP status, error, duration." } },
  },
  {
    method: "get", path: "/api/webhook-endpoints/{id}/deliveries", tag: "Webhooks", auth: "workspace", minRole: "admin",
    summary: "An endpoint's delivery log, newest first", params: id("webhook endpoint", ID.webhookEndpointId),
    query: { name: "DeliveriesQuery", schema: DeliveriesQuery },
    response: { status: 200, description: "A page of deliveries: event, status, attempts, last HTTP status, error, duration.", fields: { deliveries: "The deliveries.", nextCursor: "The cursor of the next page, or null." } },
  },

  // ------------------------------------------------------------------------------------------
  // RSS/Atom feeds (docs/decisions.md, "RSS feeds")
  {
    method: "get", path: "/api/feeds", tag: "Feeds", auth: "workspace",
    summary: "The workspace's RSS/Atom feeds with their last poll and the posts their items became",
    response: { status: 200, description: "The feeds.", fields: { feeds: "Each feed: id, url, title, accountIds, template, aiWritten, holdForApproval, enabled, lastPolledAt, lastResult, lastError, recentPosts." } },
  },
  {
    method: "post", path: "/api/feeds", tag: "Feeds", auth: "workspace", minRole: "editor",
    summary: "Follow a feed: its new items become posts on the chosen accounts",
    description: "The address is read once before anything is saved (400 naming url when it is refused or not RSS/Atom). The first poll only records the items already in the feed, except the newest `backfill`. Polled every 30 minutes with a conditional GET.",
    body: { name: "CreateFeedInput", schema: CreateFeedInput, examples: [{ summary: "Post each new blog article to Bluesky and Mastodon", value: { url: `${EXAMPLE_URLS.feeds}/feed.xml`, accountIds: [ID.accountId, ID.accountId2], template: "New on the blog: {title} {link}" } }] },
    response: { status: 201, description: "The feed and its first poll.", fields: { feed: "The feed.", poll: "status, seen, newItems, posts (post ids), skipped." } },
  },
  {
    method: "patch", path: "/api/feeds/{id}", tag: "Feeds", auth: "workspace", minRole: "editor",
    summary: "Change a feed's accounts, template, AI writing, approval hold, or pause it", params: id("feed", ID.feedId),
    body: { name: "UpdateFeedInput", schema: UpdateFeedInput, examples: [{ summary: "Hold each post for approval", value: { holdForApproval: true } }] },
    response: { status: 200, description: "The feed.", fields: { feed: "The feed." } },
  },
  {
    method: "delete", path: "/api/feeds/{id}", tag: "Feeds", auth: "workspace", minRole: "editor",
    summary: "Stop following a feed (the posts it made stay)", params: id("feed", ID.feedId),
    response: { status: 200, description: "The removed feed.", fields: { feed: "The feed." } },
  },
  {
    method: "post", path: "/api/feeds/{id}/poll", tag: "Feeds", auth: "workspace", minRole: "editor",
    summary: "Poll a feed now", params: id("feed", ID.feedId),
    response: { status: 200, description: "What the poll found.", fields: { poll: "status (ok, not_modified, error), seen, newItems, posts, skipped, error, note." } },
  },

  // ------------------------------------------------------------------------------------------
  // Audit log
  {
    method: "get", path: "/api/audit", tag: "Audit log", auth: "workspace", minRole: "admin",
    summary: "The workspace's audit log, newest first: who did what, when",
    description: "With `format=csv`: the whole filtered log as a download (the export is itself recorded).",
    query: { name: "AuditQueryInput", schema: AuditQueryInput },
    response: { status: 200, description: "A page of entries (or the CSV).", fields: { events: "Each: id, at, actor, actorType, actorId, action, targetType, targetId, detail, ip.", nextCursor: "The cursor of the next page, or null." } },
  },

  // ------------------------------------------------------------------------------------------
  // Link previews (docs/decisions.md, "Link previews")
  {
    method: "get", path: "/api/link-preview", tag: "Compose", auth: "workspace",
    summary: "The Open Graph / Twitter card of a public page (title, description, image, site name)",
    description: "Fetched through the guarded fetch (public http(s) addresses only, 5 s, first 512 KB of HTML) and cached per workspace for 24 h (an answer without a card for 1 h). A page without a card, a non-HTML answer or a timeout is `preview: null` with a reason, not an error.",
    query: { name: "LinkPreviewQuery", schema: LinkPreviewQuery },
    response: { status: 200, description: "The card, or none.", fields: { preview: "url, title, description, image (absolute URL), siteName; or null.", reason: "When preview is null: no_metadata, not_html, http_error, timeout or unreachable." } },
  },

  // ------------------------------------------------------------------------------------------
  // GDPR exports
  {
    method: "get", path: "/api/workspace/export", tag: "Workspace", auth: "session", minRole: "admin",
    summary: "The whole workspace as a zip archive (GDPR export)",
    description: "tables/<Table>.jsonl (every table's rows, credentials, key hashes, secrets and tokens left out), media/<files>, members.json, README.txt. Signed-in admins only; an API key gets 403. Recorded in the audit log.",
    response: { status: 200, description: "application/zip, as a download." },
  },
  {
    method: "delete", path: "/api/me", tag: "Workspace", auth: "session",
    summary: "Erase the signed-in person (GDPR): account, sessions, sign-in methods, memberships, notifications",
    description: "Records that stay in a workspace (audit entries, post versions, approvals) keep what happened but say \"erased user\". 409 while the person is the only owner of a workspace: hand the owner role on first.",
    body: { name: "EraseMeInput", schema: EraseMeInput, examples: [{ summary: "Confirmed with the person's own email", value: { confirmEmail: "owner@cornerbakery.example" } }] },
    response: { status: 200, description: "Erased.", fields: { erased: "true", workspacesLeft: "How many workspaces they left." } },
    errors: [409],
  },
  {
    method: "get", path: "/api/workspace/deletion", tag: "Workspace", auth: "workspace", minRole: "viewer",
    summary: "Whether the workspace is to be deleted, and when it will be erased",
    response: { status: 200, description: "The state.", fields: { deletion: "requestedAt and eraseAfter (null when no deletion is pending)." } },
  },
  {
    method: "post", path: "/api/workspace/deletion", tag: "Workspace", auth: "session", minRole: "owner",
    summary: "Delete the workspace: publishing stops now, everything is erased in 30 days unless an owner cancels",
    description: "The workspace's name typed again confirms it. Signed-in owners only; an API key gets 403.",
    body: { name: "RequestDeletionInput", schema: RequestDeletionInput, examples: [{ summary: "Confirmed with the workspace's name", value: { confirmName: "Corner Bakery" } }] },
    response: { status: 200, description: "The state.", fields: { deletion: "requestedAt and eraseAfter." } },
  },
  {
    method: "delete", path: "/api/workspace/deletion", tag: "Workspace", auth: "session", minRole: "owner",
    summary: "Cancel the workspace's deletion (publishing stays paused until an owner resumes it)",
    response: { status: 200, description: "Whether a pending deletion was cancelled.", fields: { cancelled: "true when one was pending.", deletion: "The state.", publishingPaused: "true." } },
  },
  {
    method: "get", path: "/api/me/export", tag: "Workspace", auth: "session",
    summary: "Everything Herald keeps about the signed-in person, as a zip archive (GDPR export)",
    description: "Their user row, sessions and sign-in methods (no tokens or password hashes), memberships, notifications, invitations and their audit entries, as tables/<Table>.jsonl.",
    response: { status: 200, description: "application/zip, as a download." },
  },

  // ------------------------------------------------------------------------------------------
  // MCP
  {
    method: "post", path: "/api/mcp", tag: "MCP", auth: "apiKey",
    summary: "The MCP server for AI agents (Streamable HTTP, stateless JSON-RPC)",
    description: "Tools: list_accounts, schedule_post, list_posts, get_post, edit_post, cancel_post, delete_post, get_analytics, list_inbox, get_inbox_item, reply_to_inbox_item, update_inbox_item — each with its REST route's schema, checks and JSON answer (tools/list shows their input schemas). API keys only; the answer is JSON or an event stream, as the client's Accept asks.",
    body: {
      name: "McpJsonRpcMessage",
      described: {
        type: "object",
        description: "A JSON-RPC 2.0 message of the Model Context Protocol (the SDK validates it).",
        properties: { jsonrpc: { const: "2.0" }, id: { type: ["string", "integer"] }, method: { type: "string" }, params: { type: "object" } },
        required: ["jsonrpc", "method"],
      },
      examples: [
        { summary: "Start a session", value: { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bakery-assistant", version: "1.0.0" } } } },
        { summary: "List the tools", value: { jsonrpc: "2.0", id: 2, method: "tools/list" } },
        { summary: "Call list_accounts", value: { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_accounts", arguments: {} } } },
      ],
    },
    response: { status: 200, description: "The JSON-RPC answer (a tool's refusal is a tool result with isError and the REST error body).", contentType: "application/json" },
    errors: [429],
  },

  // ------------------------------------------------------------------------------------------
  // Meta
  {
    method: "get", path: "/api/health", tag: "Meta", auth: "public",
    summary: "Up, degraded or down, and the version",
    description: "The reasons and details (migrations, scheduler lag, the cron's last calls) only with Authorization: Bearer CRON_SECRET.",
    response: { status: 200, description: "ok, status and version (503 when the database is unreachable or migrations are pending)." },
    errors: [503],
  },
  {
    method: "get", path: "/api/oauth/bluesky/client-metadata.json", tag: "Meta", auth: "public",
    summary: "Herald's atproto OAuth client metadata (its client_id for Connect with Bluesky)",
    description: "Fetched by Bluesky servers when someone connects with Bluesky. 404 unless BLUESKY_OAUTH_PRIVATE_KEY is set and the app URL is https (a development server uses the loopback client, which has no document).",
    response: { status: 200, description: "The client metadata: client_id (this URL), redirect_uris, scope, private_key_jwt with ES256, jwks_uri, DPoP-bound tokens." },
    errors: [404],
  },
  {
    method: "get", path: "/api/oauth/bluesky/jwks.json", tag: "Meta", auth: "public",
    summary: "The public key Herald signs its Bluesky OAuth client assertions with",
    description: "The client metadata's jwks_uri. 404 when Herald has no Bluesky OAuth client.",
    response: { status: 200, description: "A JWK set with the public half of BLUESKY_OAUTH_PRIVATE_KEY (never the private part).", fields: { keys: "The public keys." } },
    errors: [404],
  },
  {
    method: "get", path: "/api/openapi.json", tag: "Meta", auth: "public",
    summary: "This document",
    response: { status: 200, description: "The OpenAPI 3.1 document of Herald's REST API." },
  },

  // ------------------------------------------------------------------------------------------
  // Sign-in (Better Auth, app/api/auth/[...all]; its other endpoints are Better Auth's own)
  {
    method: "post", path: "/api/auth/sign-up/email", tag: "Sign-in", auth: "public",
    summary: "Create an account with email and password (signs in)",
    description: "Better Auth's endpoint; sets the session cookie. Limited per IP (429 says when to retry).",
    body: { name: "SignUpEmailInput", described: betterAuthBody("Better Auth's sign-up body.", ["name", "email", "password"]), examples: [{ summary: "A new person", value: { name: "Ada Baker", email: "ada@cornerbakery.example", password: "rye-and-spelt-2031" } }] },
    response: { status: 200, description: "The user and the session token (and the cookie)." },
    errors: [422, 429],
  },
  {
    method: "post", path: "/api/auth/sign-in/email", tag: "Sign-in", auth: "public",
    summary: "Sign in with email and password",
    description: "Better Auth's endpoint; sets the session cookie. Limited per IP and per email (429 says when to retry).",
    body: { name: "SignInEmailInput", described: betterAuthBody("Better Auth's sign-in body.", ["email", "password"]), examples: [{ summary: "Sign in", value: { email: "ada@cornerbakery.example", password: "rye-and-spelt-2031" } }] },
    response: { status: 200, description: "The user and the session token (and the cookie)." },
    errors: [429],
  },
  {
    method: "post", path: "/api/auth/sign-out", tag: "Sign-in", auth: "session",
    summary: "Sign out (ends the session)",
    response: { status: 200, description: "`{ success: true }`; the cookie is cleared." },
  },
  {
    method: "get", path: "/api/auth/get-session", tag: "Sign-in", auth: "session",
    summary: "The current session and user, or null",
    response: { status: 200, description: "The session and user, or null when signed out." },
  },
];
