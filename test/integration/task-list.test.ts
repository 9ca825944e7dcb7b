// GET /api/agent/tasks reads its page as text and writes the JSON itself (lib/scheduler/queries.ts,
// listTasksJson). Its answer must be what Prisma's findMany with the API's task view gives, serialised as JSON:
// the oracle below is that query, with Prisma's own cursor pagination.
import { describe, expect, it } from "vitest";
import * as tasks from "../../app/api/agent/tasks/route";
import { db } from "../../lib/db";
import type { Prisma } from "../../lib/generated/prisma/client";
import { taskSelect } from "../../lib/scheduler/view";
import { ListTasksQuery } from "../../lib/validation/tasks";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";

async function oracle(workspaceId: string, query: Record<string, string>) {
  const q = ListTasksQuery.parse(query);
  const where: Prisma.AgentTaskWhereInput = {
    workspaceId,
    ...(q.status && { status: { in: q.status } }),
    ...(q.type && { type: { in: q.type } }),
    ...(q.platform && { platform: { in: q.platform } }),
    ...((q.from || q.to) && { scheduledAt: { ...(q.from && { gte: new Date(q.from) }), ...(q.to && { lt: new Date(q.to) }) } }),
  };
  const rows = await db().agentTask.findMany({
    where,
    select: taskSelect,
    orderBy: [{ scheduledAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor && { cursor: { id: q.cursor }, skip: 1 }),
  });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return JSON.parse(JSON.stringify({ success: true, tasks: page, nextCursor: more ? page[page.length - 1].id : null }));
}

async function list(key: string, query: Record<string, string>) {
  const res = await tasks.GET(req("GET", `/api/agent/tasks?${new URLSearchParams(query)}`, { key }));
  return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
}

describe("GET /api/agent/tasks, written from the rows' text", () => {
  it("answers exactly what Prisma's query answers, for every filter and page", async () => {
    const { workspace, key } = await workspaceWithKey();
    const other = await workspaceWithKey("Other Bakery");
    const account = await simulatedAccount(workspace.id, "bluesky");
    const base = Date.UTC(2031, 0, 10, 9, 0, 0, 0);
    // Every kind of value: nulls, JSON config and results, errors, milliseconds, text that JSON
    // must escape, ties on scheduledAt (then ordered by id), several statuses, types and networks.
    const statuses = ["pending", "running", "completed", "failed", "cancelled", "needs_review"] as const;
    await db().agentTask.createMany({
      data: Array.from({ length: 23 }, (_, i) => ({
        workspaceId: workspace.id,
        type: i % 4 === 0 ? ("collect_engagement" as const) : ("social_post" as const),
        platform: i % 3 === 0 ? ("mastodon" as const) : ("bluesky" as const),
        accountId: i % 5 === 0 ? null : account.id,
        scheduledAt: new Date(base + Math.floor(i / 2) * 60_000 + (i % 7) * 1),
        status: statuses[i % statuses.length],
        priority: i % 3,
        content: i % 6 === 0 ? null : `Post ${i} — "quoted" \\ backslash, emoji 🥐, newline\nend`,
        config: i % 2 ? { link: "https://example.com/a?b=1&c=2", nested: { n: i, list: [1, "two", null] } } : {},
        result: i % 3 === 1 ? { platformPostId: `p${i}`, url: `https://example.com/p/${i}` } : undefined,
        // Milliseconds PostgreSQL writes shorter (.12, .1) or not at all (.000) come back as three digits.
        executedAt: i % 3 === 1 ? new Date(base + i * 1000 + (i % 2 ? 123 : 120)) : null,
        processingStartedAt: i % 4 === 1 ? new Date(base + (i % 8 === 1 ? 7 : 100)) : null,
        executionTimeMs: i % 3 === 1 ? 100 + i : null,
        lastError: i % 6 === 3 ? "The platform said no." : null,
        lastErrorCode: i % 6 === 3 ? "rejected" : null,
        lastFailureClass: i % 6 === 3 ? ("permanent" as const) : null,
        retryCount: i % 4,
        idempotencyKey: `list-${i}`,
      })),
    });
    await db().agentTask.create({
      data: { workspaceId: other.workspace.id, type: "social_post", platform: "bluesky", scheduledAt: new Date(base), content: "not yours", idempotencyKey: "theirs" },
    });

    const queries: Record<string, string>[] = [
      {},
      { limit: "5" },
      { limit: "23" },
      { limit: "200" },
      { status: "pending,failed", limit: "3" },
      { type: "collect_engagement" },
      { platform: "mastodon", status: "completed" },
      { from: new Date(base + 3 * 60_000).toISOString(), to: new Date(base + 8 * 60_000).toISOString(), limit: "4" },
      { from: "2040-01-01T00:00:00Z" },
    ];
    for (const query of queries) {
      // Follow every page to its end, comparing each with the oracle's.
      let cursor: string | undefined;
      let pages = 0;
      do {
        const q = { ...query, ...(cursor && { cursor }) };
        const got = await list(key, q);
        expect(got.status).toBe(200);
        expect(got.type).toBe("application/json");
        expect(got.body, JSON.stringify(q)).toEqual(await oracle(workspace.id, q));
        cursor = got.body.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 30);
      expect(pages).toBeLessThan(30);
    }
    const all = (await list(key, { limit: "200" })).body.tasks;
    expect(all).toHaveLength(23);
    expect(all.some((t: { content: string | null }) => t.content === "not yours")).toBe(false);
  });

  it("refuses a cursor from another workspace or an unknown one (400), and an empty workspace has an empty page", async () => {
    const { key } = await workspaceWithKey();
    const other = await workspaceWithKey("Other Bakery");
    const theirs = await db().agentTask.create({
      data: { workspaceId: other.workspace.id, type: "social_post", platform: "bluesky", scheduledAt: new Date(), content: "x", idempotencyKey: "theirs-1" },
    });
    for (const cursor of [theirs.id, "no-such-task"]) {
      const r = await list(key, { cursor });
      expect(r.status).toBe(400);
      expect(r.body.error.fields[0].path).toBe("cursor");
    }
    expect((await list(key, {})).body).toEqual({ success: true, tasks: [], nextCursor: null });
  });
});
