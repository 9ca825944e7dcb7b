// Shared seed factories for integration tests.
import { afterEach, beforeEach } from "vitest";
import { createApiKey, createWorkspace } from "../../lib/auth/api-keys";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import type { Platform } from "../../lib/generated/prisma/enums";
import type { SimulationConfig } from "../../lib/social/types";

export async function workspaceWithKey(name = "Test Bakery", timeZone = "Europe/Berlin") {
  const ws = await createWorkspace({ name, timeZone });
  const key = await createApiKey(ws.id, "test");
  return { workspace: ws, key: key.key };
}

export async function simulatedAccount(
  workspaceId: string,
  platform: Platform = "bluesky",
  opts: { handle?: string; simulation?: Partial<SimulationConfig> } = {},
) {
  return db().socialAccount.create({
    data: {
      workspaceId,
      platform,
      handle: opts.handle ?? `${platform}-${Math.random().toString(36).slice(2, 8)}`,
      simulation: opts.simulation ? { failRate: 0, failureClass: "transient", latencyMs: 0, ...opts.simulation } : undefined,
    },
  });
}

/** Inserts `n` due publish tasks for one account directly (fast path for volume tests). */
export async function dueTasks(workspaceId: string, accountId: string, n: number, at = new Date(Date.now() - 60_000)) {
  const rows = Array.from({ length: n }, (_, i) => ({
    workspaceId,
    type: "social_post" as const,
    platform: "bluesky" as const,
    accountId,
    scheduledAt: at,
    content: `Post number ${i}`,
    idempotencyKey: `bulk-${accountId}-${i}`,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await db().agentTask.createMany({ data: rows.slice(i, i + 1000) });
  }
}

/** `n` published posts of one account, the i-th at `at(i)`: what pacing counts (lib/scheduler/pace.ts). */
export async function publishedTasks(account: { id: string; workspaceId: string; platform: Platform }, n: number, at: (i: number) => Date) {
  await db().agentTask.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      workspaceId: account.workspaceId,
      type: "social_post" as const,
      platform: account.platform,
      accountId: account.id,
      status: "completed" as const,
      scheduledAt: at(i),
      executedAt: at(i),
      content: `earlier ${i}`,
      idempotencyKey: `earlier-${i}`,
    })),
  });
}

export function req(method: string, path: string, opts: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers["content-type"] = "application/json";
  return new Request(`http://localhost${path}`, {
    method,
    headers,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
}

export const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

/** processPendingTasks with test-friendly defaults and an injectable clock. */
/**
 * Pins Herald's clock (lib/clock.ts) to `at` for each test of the calling file or describe block —
 * route handlers included — and puts the system clock back after each.
 */
export function pinClock(at: Date): void {
  beforeEach(() => setClock(at));
  afterEach(() => resetClock());
}

/**
 * One process call with Herald's task handlers and test-sized budgets; `engagementSweep` runs the
 * sweep first with those settings, as the cron path does with the environment's.
 */
export async function runProcessor(
  opts: Partial<import("../../lib/scheduler/process").ProcessOptions> & {
    at?: Date;
    engagementSweep?: import("../../lib/engagement-sweep").EngagementSweepSettings;
  } = {},
) {
  const { processPendingTasks } = await import("../../lib/scheduler/process");
  const { taskHandlers } = await import("../../lib/agent-scheduler");
  const { engagementSweep } = await import("../../lib/engagement-sweep");
  const { at, engagementSweep: sweep, ...rest } = opts;
  return processPendingTasks({
    prisma: db(),
    handlers: taskHandlers,
    beforeClaim: sweep && engagementSweep(sweep),
    now: at ? () => at : undefined,
    budgetMs: 60_000,
    leaseMs: 330_000,
    batchSize: 50,
    concurrency: 10,
    perAccountConcurrency: 2,
    // Generous: a task's first call in a file loads its network's modules, and on a loaded
    // two-core machine that alone once took an inbox sweep past 5 s (a retry, nothing stored).
    // Tests about timeouts set their own.
    publishTimeoutMs: 20_000,
    ...rest,
  });
}

type RouteHandler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler with path params; the status and the JSON body. */
export async function callRoute(handler: RouteHandler, r: Request, p?: Record<string, string>) {
  const res = await handler(r, p ? params(p) : undefined);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the API answers
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
