// Best time to post: a weekday × hour grid in the workspace's time zone, learned from the
// workspace's own engagement history and blended with a typical-times prior, so the composer can
// hint and the queue can pick the better of its free posting slots.
//
// Method, in short:
// 1. One set-based query: every published target of the workspace in the lookback window with its
//    latest engagement snapshot (a LATERAL index probe), scored likes + 2·reposts + 3·replies (a
//    reply or a repost takes more effort than a like).
// 2. Each target lands in the bucket of its publish instant's *local* weekday and hour (converted by
//    PostgreSQL in that query; luxon in the pure functions), so a post at 09:00 Berlin is in the 09
//    bucket in summer and winter time alike.
// 3. Scores are normalised per account by rank (mid-rank percentile × 2, mean exactly 1): a big
//    account does not drown a small one in a workspace-wide view, and one viral post counts as
//    "the best of its account", not as fifty ordinary posts.
// 4. Bayesian average per bucket: (sum of its posts' values + K · prior) / (posts + K), with the
//    prior softened (its contrast halved on a log scale: square root) and rescaled to the same
//    "1 = average" scale. One lucky post cannot outweigh a slot that does well again and again;
//    buckets without posts keep the prior's shape. The softening is because a population curve
//    overstates how much one account's relative engagement varies by hour: unsoftened, the
//    typical lunch peak would beat a slot the account's own posts show is its best for months.
// 5. Light smoothing across neighbouring hours (the week wraps around).
// Below MIN_SAMPLE targets the result is the prior alone (source "defaults").
import { DateTime } from "luxon";
import { z } from "zod";
import type { Db } from "../db";
import { HeraldError } from "../errors";
import type { Platform } from "../generated/prisma/enums";
import { specFor } from "../social/registry";
import { PlatformEnum } from "../validation/tasks";
import { clock } from "../clock";

export interface BestSlot {
  weekday: number /* 1 = Mon … 7 = Sun */;
  hour: number /* 0–23 local */;
  score: number;
  posts: number;
}
export interface BestTimes {
  timeZone: string;
  source: "defaults" | "history"; // "history" once the account/workspace has enough published posts with engagement
  sampleSize: number; // published targets with engagement that fed the estimate
  grid: number[][]; // [weekday-1][hour], comparable within one result, higher is better
  top: BestSlot[]; // best first, e.g. 5
}

/** Fewer published targets with engagement than this: typical times only. */
export const MIN_SAMPLE = 10;
/** The prior counts as this many posts in every bucket (the shrinkage constant). */
export const PRIOR_WEIGHT = 4;
/** Exponent applied to the prior once there is history (1 = as is, 0 = flat). */
export const PRIOR_CONTRAST = 0.5;
/** Smoothing weight of each neighbouring hour (the hour itself keeps 1 − 2·this). */
export const SMOOTHING = 0.15;
export const DEFAULT_LOOKBACK_DAYS = 180;
export const TOP_COUNT = 5;

/** One post's engagement as one number (the SQL in loadHistory computes the same). */
export function engagementScore(m: { likes: number; reposts: number; replies: number }): number {
  return m.likes + 2 * m.reposts + 3 * m.replies;
}

const HOURS = 24;
const DAYS = 7;

// ------------------------------------------------------------------------------------------------
// The prior: typical engagement by local hour and weekday (the shape published "best time" studies
// agree on): nights low, a rise through the morning, peaks late morning, at lunch and in the early
// evening; weekdays above weekends. Platform variations where the audience clearly differs.

// prettier-ignore
const HOUR_CURVE = [
  0.08, 0.05, 0.04, 0.04, 0.05, 0.1, // 00–05 night
  0.25, 0.45, 0.65, 0.8, 0.86, 0.9, // 06–11 morning, rising to late morning
  0.95, 0.85, 0.72, 0.68, 0.72, 0.84, // 12 lunch, afternoon dip, 17 after work
  0.9, 0.82, 0.66, 0.48, 0.3, 0.15, // 18 early evening, then down into the night
];
const WEEKDAY_CURVE = [0.95, 1, 1, 1, 0.92, 0.75, 0.7]; // Mon … Sun

/** Multipliers per platform: [weekday index 0–6, hour] → factor. */
function platformFactor(platform: Platform | undefined, wd: number, hour: number): number {
  const weekend = wd >= 5;
  switch (platform && specFor(platform).audience) {
    case "work":
      // A working audience: business hours on weekdays, little on weekends or late evenings.
      return (weekend ? 0.5 : 1) * (hour >= 7 && hour <= 10 ? 1.1 : hour >= 19 ? 0.7 : 1);
    case "leisure":
      // Leisure scrolling: evenings and weekends hold up better.
      return (weekend ? 1.2 : 1) * (hour >= 18 && hour <= 21 ? 1.15 : 1);
    default:
      return 1;
  }
}

/** The typical-times grid for a platform (or generic without one), scaled to a maximum of 1. */
export function priorGrid(platform?: Platform): number[][] {
  const grid = Array.from({ length: DAYS }, (_, wd) =>
    Array.from({ length: HOURS }, (_, h) => HOUR_CURVE[h] * WEEKDAY_CURVE[wd] * platformFactor(platform, wd, h)),
  );
  const max = Math.max(...grid.flat());
  return grid.map((row) => row.map((v) => v / max));
}

// ------------------------------------------------------------------------------------------------
// Pure estimation.

/** One published target as the estimate sees it. */
export interface Sample {
  accountId: string;
  publishedAt: Date;
  score: number;
  /** Its local weekday and hour when already known (the database converts them in bulk). */
  slot?: { weekday: number; hour: number };
}

/** Local ISO weekday (1–7) and hour of an instant in a zone. */
export function localSlot(at: Date, timeZone: string): { weekday: number; hour: number } {
  const dt = DateTime.fromJSDate(at, { zone: timeZone });
  if (!dt.isValid) throw new Error(`Invalid time zone: ${timeZone}`);
  return { weekday: dt.weekday, hour: dt.hour };
}

/**
 * Per-account relative engagement: mid-rank percentile × 2, so values lie in (0, 2) and average
 * exactly 1 within each account. Ties share their rank (an account whose posts all did the same
 * says no slot was better: every value 1).
 */
export function relativeByAccount(samples: readonly Sample[]): number[] {
  const byAccount = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const list = byAccount.get(s.accountId) ?? [];
    list.push(i);
    byAccount.set(s.accountId, list);
  });
  const out = new Array<number>(samples.length).fill(1);
  for (const idx of byAccount.values()) {
    const sorted = [...idx].sort((a, b) => samples[a].score - samples[b].score);
    const n = sorted.length;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j + 1 < n && samples[sorted[j + 1]].score === samples[sorted[i]].score) j++;
      const midRank = (i + j) / 2 + 1; // 1-based, ties averaged
      for (let k = i; k <= j; k++) out[sorted[k]] = (2 * (midRank - 0.5)) / n;
      i = j + 1;
    }
  }
  return out;
}

/** Each hour blended with its neighbours; the week wraps (Sunday 23:00 is next to Monday 00:00). */
export function smoothGrid(grid: number[][], weight = SMOOTHING): number[][] {
  const flat = grid.flat();
  const n = flat.length;
  const out = flat.map((v, i) => (1 - 2 * weight) * v + weight * flat[(i - 1 + n) % n] + weight * flat[(i + 1) % n]);
  return Array.from({ length: DAYS }, (_, wd) => out.slice(wd * HOURS, (wd + 1) * HOURS));
}

/** All 168 slots, best first; ties go to the earlier weekday and hour so results are stable. */
function rankSlots(grid: number[][]): { weekday: number; hour: number; score: number }[] {
  const all = grid.flatMap((row, wd) => row.map((score, hour) => ({ weekday: wd + 1, hour, score })));
  return all.sort((a, b) => b.score - a.score || a.weekday - b.weekday || a.hour - b.hour);
}

/**
 * The estimate from samples (pure). `prior` is a typical-times grid (any positive scale). With
 * fewer than `minSample` samples the grid is the prior itself and the source "defaults".
 */
export function estimateBestTimes(
  samples: readonly Sample[],
  timeZone: string,
  prior: number[][],
  opts: { minSample?: number; priorWeight?: number; priorContrast?: number; smoothing?: number; topCount?: number } = {},
): BestTimes {
  const minSample = opts.minSample ?? MIN_SAMPLE;
  const k = opts.priorWeight ?? PRIOR_WEIGHT;
  const counts = Array.from({ length: DAYS }, () => new Array<number>(HOURS).fill(0));
  const slots = samples.map((s) => s.slot ?? localSlot(s.publishedAt, timeZone));
  for (const { weekday, hour } of slots) counts[weekday - 1][hour]++;

  let grid: number[][];
  let source: BestTimes["source"];
  if (samples.length < minSample) {
    grid = prior.map((row) => [...row]);
    source = "defaults";
  } else {
    const rel = relativeByAccount(samples);
    const contrast = opts.priorContrast ?? PRIOR_CONTRAST;
    const soft = prior.map((row) => row.map((v) => Math.pow(v, contrast)));
    const sums = Array.from({ length: DAYS }, () => new Array<number>(HOURS).fill(0));
    slots.forEach(({ weekday, hour }, i) => (sums[weekday - 1][hour] += rel[i]));
    // Put the prior on the data's scale: its average over the buckets the posts were in is 1, just
    // as the relative values average 1. A bucket with neutral history then keeps the prior's shape.
    const priorAtPosts = slots.reduce((acc, { weekday, hour }) => acc + soft[weekday - 1][hour], 0) / slots.length;
    const scale = priorAtPosts > 0 ? 1 / priorAtPosts : 1;
    const blended = sums.map((row, wd) => row.map((sum, h) => (sum + k * soft[wd][h] * scale) / (counts[wd][h] + k)));
    grid = smoothGrid(blended, opts.smoothing ?? SMOOTHING);
    source = "history";
  }
  const top = rankSlots(grid)
    .slice(0, opts.topCount ?? TOP_COUNT)
    .map((s) => ({ ...s, posts: counts[s.weekday - 1][s.hour] }));
  return { timeZone, source, sampleSize: samples.length, grid, top };
}

/** The grid value at that instant's local weekday and hour in bt.timeZone. */
export function scoreAt(bt: BestTimes, at: Date): number {
  const { weekday, hour } = localSlot(at, bt.timeZone);
  return bt.grid[weekday - 1]?.[hour] ?? 0;
}

/**
 * The next occurrences (on the hour, local time) of the `count` best weekday/hour slots, after
 * `now`, in chronological order. Slots are ranked as in `top` (which they extend past its length);
 * beyond 168 the ranking repeats a week later. Calendar-day arithmetic in the zone keeps the wall
 * clock across DST; an hour the spring change skips is not a real 02:00, so that slot moves to the
 * following week; an hour the autumn change repeats is its first occurrence.
 */
export function nextBestTimes(bt: BestTimes, now: Date, count: number): Date[] {
  if (count <= 0) return [];
  const ranked = rankSlots(bt.grid);
  const start = DateTime.fromJSDate(now, { zone: bt.timeZone });
  if (!start.isValid) throw new Error(`Invalid time zone: ${bt.timeZone}`);
  const today = start.startOf("day");
  const out: Date[] = [];
  for (let i = 0; i < count; i++) {
    const { weekday, hour } = ranked[i % ranked.length];
    const weeksLater = Math.floor(i / ranked.length); // the ranking repeats a week later
    let seen = 0;
    for (let d = 0; d < 7 * (weeksLater + 3); d++) {
      const day = today.plus({ days: d });
      if (day.weekday !== weekday) continue;
      const at = day.set({ hour, minute: 0, second: 0, millisecond: 0 });
      if (at.hour !== hour || at.toMillis() <= now.getTime()) continue;
      if (seen++ < weeksLater) continue;
      out.push(at.toJSDate());
      break;
    }
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

// ------------------------------------------------------------------------------------------------
// Reading the history.


/**
 * Published targets of the workspace in [from, to] with their latest engagement snapshot (collected
 * by `to`), one row per target, in one statement.
 *
 * Simulated snapshots count only for simulated accounts (no credentials). A simulated account's
 * numbers are all it has, and demos and trials should see the feature learn; but once an account
 * is connected for real, numbers simulated before are not its audience and would skew it.
 */
async function loadHistory(
  prisma: Db,
  workspaceId: string,
  timeZone: string,
  filter: { accountIds: string[] | null; platform: Platform | null },
  from: Date,
  to: Date,
): Promise<Sample[]> {
  // Per target, the newest snapshot by a backward scan of (postTargetId, collectedAt): one index
  // probe each, instead of joining every snapshot and sorting them all (DISTINCT ON).
  // The local weekday and hour come from PostgreSQL's zone rules in the same pass (converting
  // tens of thousands of instants one by one with luxon costs more than the query).
  const rows = await prisma.$queryRaw<{ accountId: string; publishedAt: Date; score: number; weekday: number; hour: number }[]>`
    SELECT t."accountId", t."publishedAt",
           (s.likes + 2 * s.reposts + 3 * s.replies)::float8 AS score,
           EXTRACT(ISODOW FROM (t."publishedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone})::int AS weekday,
           EXTRACT(HOUR FROM (t."publishedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone})::int AS hour
    FROM "PostTarget" t
    JOIN "SocialAccount" a ON a.id = t."accountId" AND a."workspaceId" = ${workspaceId}
    CROSS JOIN LATERAL (
      SELECT e.likes, e.reposts, e.replies
      FROM "EngagementSnapshot" e
      WHERE e."postTargetId" = t.id
        AND e."collectedAt" <= ${to}::timestamp
        AND (NOT e.simulated OR a.credentials IS NULL)
      -- No tie-break on id: it would sort per target instead of reading the index backwards; two
      -- snapshots of one target in the same millisecond do not happen.
      ORDER BY e."collectedAt" DESC
      LIMIT 1
    ) s
    WHERE t."workspaceId" = ${workspaceId}
      AND t.status = 'published'
      AND t."publishedAt" >= ${from}::timestamp AND t."publishedAt" <= ${to}::timestamp
      AND (${filter.accountIds}::text[] IS NULL OR t."accountId" = ANY(${filter.accountIds}::text[]))
      AND (${filter.platform}::text IS NULL OR t.platform::text = ${filter.platform}::text)`;
  return rows.map((r) => ({
    accountId: r.accountId,
    publishedAt: new Date(r.publishedAt),
    score: Number(r.score),
    slot: { weekday: Number(r.weekday), hour: Number(r.hour) },
  }));
}

async function workspaceZone(prisma: Db, workspaceId: string): Promise<string> {
  const ws = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!ws) throw new HeraldError("not_found", "Workspace not found.");
  return ws.timeZone;
}

function window(opts: { now?: Date; lookbackDays?: number }) {
  const to = opts.now ?? clock.now();
  const from = new Date(to.getTime() - (opts.lookbackDays ?? DEFAULT_LOOKBACK_DAYS) * 86_400_000);
  return { from, to };
}

/**
 * Best times for one account (its platform's prior), one platform, or the whole workspace (the
 * generic prior), learned from the workspace's own history. An account of another workspace is
 * not found.
 */
export async function bestTimes(
  prisma: Db,
  workspaceId: string,
  opts: { accountId?: string; platform?: Platform; now?: Date; lookbackDays?: number } = {},
): Promise<BestTimes> {
  const timeZone = await workspaceZone(prisma, workspaceId);
  let platform = opts.platform;
  if (opts.accountId) {
    const account = await prisma.socialAccount.findFirst({ where: { id: opts.accountId, workspaceId }, select: { platform: true } });
    if (!account) throw new HeraldError("not_found", "Account not found.");
    platform ??= account.platform;
  }
  const { from, to } = window(opts);
  const rows = await loadHistory(
    prisma,
    workspaceId,
    timeZone,
    { accountIds: opts.accountId ? [opts.accountId] : null, platform: opts.platform ?? null },
    from,
    to,
  );
  return estimateBestTimes(rows, timeZone, priorGrid(platform));
}

/** Best times for several accounts of the workspace from one history query (for the queue). */
export async function bestTimesForAccounts(
  prisma: Db,
  workspaceId: string,
  accountIds: string[],
  opts: { now?: Date; lookbackDays?: number } = {},
): Promise<Map<string, BestTimes>> {
  const timeZone = await workspaceZone(prisma, workspaceId);
  const accounts = await prisma.socialAccount.findMany({ where: { id: { in: accountIds }, workspaceId }, select: { id: true, platform: true } });
  if (accounts.length !== new Set(accountIds).size) throw new HeraldError("not_found", "Account not found.");
  const { from, to } = window(opts);
  const rows = await loadHistory(prisma, workspaceId, timeZone, { accountIds: accounts.map((a) => a.id), platform: null }, from, to);
  return new Map(
    accounts.map((a) => [a.id, estimateBestTimes(rows.filter((r) => r.accountId === a.id), timeZone, priorGrid(a.platform))]),
  );
}

/**
 * A scorer for the queue: how good an instant is for all these accounts together (each account's
 * grid scaled to its own best = 1, then averaged), or for the workspace without accounts.
 */
export async function queueScorer(prisma: Db, workspaceId: string, accountIds: string[], now: Date): Promise<(at: Date) => number> {
  const results = accountIds.length > 0 ? [...(await bestTimesForAccounts(prisma, workspaceId, accountIds, { now })).values()] : [await bestTimes(prisma, workspaceId, { now })];
  const scaled = results.map((bt) => ({ bt, max: Math.max(...bt.grid.flat()) || 1 }));
  return (at) => scaled.reduce((acc, { bt, max }) => acc + scoreAt(bt, at) / max, 0) / scaled.length;
}

// ------------------------------------------------------------------------------------------------
// GET /api/agent/best-times query.

export const BestTimesQuery = z
  .object({
    accountId: z.string().trim().min(1, "Give an account id or leave accountId out.").max(100).optional(),
    platform: PlatformEnum.optional(),
  })
  .strict();
export type BestTimesQuery = z.infer<typeof BestTimesQuery>;
