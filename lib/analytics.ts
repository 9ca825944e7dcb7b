// Analytics (GET /api/analytics, /dashboard/analytics; docs/decisions.md, "Analytics"): what the
// workspace's published posts earned, over time and per network, account, campaign and post, from
// each target's latest engagement numbers (kept on the target with every snapshot). One statement:
// the published targets of the range, aggregated in PostgreSQL (docs/benchmarks.md, scenario 5).
import { z } from "zod";
import type { Db } from "./db";
import { Prisma } from "./generated/prisma/client";
import { HeraldError } from "./errors";
import { clock } from "./clock";
import { csv, PlatformEnum } from "./validation/tasks";
import { Instant } from "./validation/posts";
import { isSimulatedPostId } from "./social/simulation";

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 366;


export const AnalyticsQuery = z
  .object({
    from: Instant.optional(),
    to: Instant.optional(),
    /** The series' step, in the workspace's time zone. */
    interval: z.enum(["day", "week", "month"], { error: () => "interval must be day, week or month." }).default("day"),
    platform: csv(PlatformEnum).optional(),
    accountId: z.string().min(1).max(100).optional(),
    campaignId: z.string().min(1).max(100).optional(),
    format: z.enum(["json", "csv"], { error: () => "format must be json or csv." }).default("json"),
  })
  .strict();
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

export interface Metrics {
  /** Published targets (one post on two networks is two). */
  targets: number;
  likes: number;
  reposts: number;
  replies: number;
  /** Only where a network reports them; null when none did. */
  impressions: number | null;
  /** likes + reposts + replies. */
  engagement: number;
  /** Engagement per impression over the targets that have impressions; null without any. */
  engagementRate: number | null;
}

export interface Analytics {
  range: { from: string; to: string; interval: "day" | "week" | "month"; timeZone: string };
  /** `posts`: distinct posts among the targets. */
  totals: Metrics & { posts: number; simulated: number };
  series: ({ bucket: string; platform: string } & Metrics)[];
  byPlatform: ({ platform: string } & Metrics)[];
  byAccount: ({ accountId: string; platform: string; handle: string } & Metrics)[];
  byCampaign: ({ campaignId: string | null; name: string | null } & Metrics)[];
  /** `platforms`: one entry per target, so a post on two accounts of one network names it twice. */
  topPosts: { postId: string; text: string; platforms: string[]; publishedAt: string; likes: number; reposts: number; replies: number; engagement: number }[];
}

/** The range asked for, or the last 30 days; at most a year, `from` before `to`. */
function rangeOf(q: AnalyticsQuery, now: Date): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY);
  const bad = (message: string) => new HeraldError("validation_failed", "The request is invalid.", { fields: [{ path: "from", message }] });
  if (from >= to) throw bad("from must be before to.");
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) throw bad(`A range of at most ${MAX_RANGE_DAYS} days.`);
  return { from, to };
}

export async function analytics(prisma: Db, workspaceId: string, q: AnalyticsQuery, now = clock.now()): Promise<Analytics> {
  const { from, to } = rangeOf(q, now);
  const [ws] = await prisma.$queryRaw<{ timeZone: string }[]>`SELECT "timeZone" FROM "Workspace" WHERE id = ${workspaceId}`;
  if (!ws) throw new HeraldError("not_found", "Workspace not found.");
  const cols = Prisma.raw(columns());
  const tcols = Prisma.raw(columns("t."));
  const [row] = await prisma.$queryRaw<{ out: Omit<Analytics, "range"> }[]>`
    WITH t AS MATERIALIZED (
      SELECT pt.id, pt."postId", pt.platform::text AS platform, pt."accountId", pt."publishedAt", p."campaignId",
             pt.likes, pt.reposts, pt.replies, pt.impressions, coalesce(pt."engagementSimulated", false) AS simulated
      ${publishedTargets(workspaceId, q, from, to)}
    )
    SELECT json_build_object(
      'totals', (SELECT row_to_json(x) FROM (
          SELECT count(DISTINCT "postId" COLLATE "C") AS posts, ${cols}, count(*) FILTER (WHERE simulated) AS simulated FROM t) x),
      'series', (SELECT coalesce(json_agg(x ORDER BY x.bucket, x.platform), '[]') FROM (
          SELECT to_char(date_trunc(${q.interval}, "publishedAt" AT TIME ZONE 'UTC' AT TIME ZONE ${ws.timeZone}), 'YYYY-MM-DD') AS bucket, platform, ${cols}
          FROM t GROUP BY 1, 2) x),
      'byPlatform', (SELECT coalesce(json_agg(x ORDER BY x.engagement DESC, x.platform), '[]') FROM (
          SELECT platform, ${cols} FROM t GROUP BY platform) x),
      'byAccount', (SELECT coalesce(json_agg(x ORDER BY x.engagement DESC, x.handle), '[]') FROM (
          SELECT t."accountId", min(t.platform) AS platform, min(a.handle) AS handle, ${tcols}
          FROM t JOIN "SocialAccount" a ON a.id = t."accountId" GROUP BY t."accountId") x),
      'byCampaign', (SELECT coalesce(json_agg(x ORDER BY x.engagement DESC, x.name NULLS LAST), '[]') FROM (
          SELECT t."campaignId", min(c.name) AS name, ${tcols}
          FROM t LEFT JOIN "Campaign" c ON c.id = t."campaignId" GROUP BY t."campaignId") x),
      'topPosts', (SELECT coalesce(json_agg(x ORDER BY x.engagement DESC, x."publishedAt" DESC), '[]') FROM (
          -- The text only for the ten: carrying it through the scan would read every post's row.
          SELECT g.*, left(p.text, 280) AS text FROM (
            SELECT "postId", array_agg(platform) AS platforms,
                   to_char(min("publishedAt"), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "publishedAt",
                   coalesce(sum(likes), 0) AS likes, coalesce(sum(reposts), 0) AS reposts, coalesce(sum(replies), 0) AS replies,
                   coalesce(sum(likes + reposts + replies), 0) AS engagement
            FROM t GROUP BY "postId" ORDER BY engagement DESC, min("publishedAt") DESC LIMIT 10) g
          JOIN "Post" p ON p.id = g."postId" AND p."workspaceId" = ${workspaceId}) x)
    ) AS out`;
  return { range: { from: from.toISOString(), to: to.toISOString(), interval: q.interval, timeZone: ws.timeZone }, ...row.out };
}

/**
 * FROM … WHERE for the published targets (`pt`, with their post `p`) of the range and filters —
 * one scope for the JSON and the CSV, so they can never count different posts. `joins` adds tables.
 */
function publishedTargets(workspaceId: string, q: AnalyticsQuery, from: Date, to: Date, joins = Prisma.empty): Prisma.Sql {
  return Prisma.sql`FROM "PostTarget" pt
    JOIN "Post" p ON p.id = pt."postId" AND p."workspaceId" = ${workspaceId}${joins}
    WHERE pt."workspaceId" = ${workspaceId} AND pt.status = 'published'
      AND pt."publishedAt" >= ${from}::timestamp AND pt."publishedAt" < ${to}::timestamp
      AND (${q.platform ?? null}::text[] IS NULL OR pt.platform::text = ANY(${q.platform ?? null}::text[]))
      AND (${q.accountId ?? null}::text IS NULL OR pt."accountId" = ${q.accountId ?? null}::text)
      AND (${q.campaignId ?? null}::text IS NULL OR p."campaignId" = ${q.campaignId ?? null}::text)`;
}

/**
 * The metric columns as SQL columns (for GROUP BY subqueries serialised with json_agg). No
 * count(DISTINCT) per group: it makes every grouping sort its rows (docs/benchmarks.md).
 */
function columns(p = "") {
  return `count(*) AS targets, coalesce(sum(${p}likes), 0) AS likes,
          coalesce(sum(${p}reposts), 0) AS reposts, coalesce(sum(${p}replies), 0) AS replies, sum(${p}impressions) AS impressions,
          coalesce(sum(${p}likes + ${p}reposts + ${p}replies), 0) AS engagement,
          CASE WHEN sum(${p}impressions) FILTER (WHERE ${p}impressions > 0) > 0
            THEN round(sum(${p}likes + ${p}reposts + ${p}replies) FILTER (WHERE ${p}impressions > 0)::numeric
                       / sum(${p}impressions) FILTER (WHERE ${p}impressions > 0), 4) END AS "engagementRate"`;
}

/** One row per published target of the range, for a spreadsheet: what each earned, by its latest numbers. */
export async function analyticsCsv(prisma: Db, workspaceId: string, q: AnalyticsQuery, now = clock.now()): Promise<string> {
  const { from, to } = rangeOf(q, now);
  const rows = await prisma.$queryRaw<
    { publishedAt: Date; platform: string; handle: string; campaign: string | null; postId: string; text: string; likes: number | null; reposts: number | null; replies: number | null; impressions: number | null; url: string | null; platformPostId: string | null }[]
  >`
    SELECT pt."publishedAt", pt.platform::text AS platform, a.handle, c.name AS campaign, p.id AS "postId", p.text,
           pt.likes, pt.reposts, pt.replies, pt.impressions, pt.url, pt."platformPostId"
    ${publishedTargets(workspaceId, q, from, to, Prisma.sql`
    JOIN "SocialAccount" a ON a.id = pt."accountId"
    LEFT JOIN "Campaign" c ON c.id = p."campaignId"`)}
    ORDER BY pt."publishedAt", pt.platform`;
  const header = ["published_at", "network", "account", "campaign", "post_id", "text", "likes", "reposts", "replies", "impressions", "url", "simulated"];
  const lines = rows.map((r) => {
    const simulated = isSimulatedPostId(r.platformPostId);
    return [r.publishedAt.toISOString(), r.platform, r.handle, r.campaign ?? "", r.postId, r.text, r.likes ?? "", r.reposts ?? "", r.replies ?? "", r.impressions ?? "", simulated ? "" : (r.url ?? ""), simulated ? "yes" : "no"]
      .map(cell)
      .join(",");
  });
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

/**
 * One CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a formula (= + - @ and
 * tab/CR at the start) gets a leading apostrophe: a post's text is the user's, not a formula.
 */
function cell(v: string | number): string {
  if (typeof v === "number") return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
