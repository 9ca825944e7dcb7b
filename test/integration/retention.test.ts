// Retention (docs/decisions.md, "Retention"): the daily cleanup deletes each gathered record once
// it is older than its retention, and only those — one day inside the limit stays, one day past
// goes — and leaves pending webhook deliveries whatever their age. The cron route runs it.
import { describe, expect, it } from "vitest";
import * as cleanup from "../../app/api/agent/cleanup/route";
import { db } from "../../lib/db";
import { applyRetention, RETENTION_DAYS } from "../../lib/retention";
import { resetClock, setClock } from "../../lib/clock";
import { storage } from "../../lib/media/storage";
import * as schedule from "../../app/api/agent/schedule/route";
import * as drafts from "../../app/api/posts/drafts/route";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";

const NOW = new Date("2033-06-15T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const CRON = { authorization: `Bearer ${"test-cron-secret-0123456789"}` };

async function seed() {
  const { workspace } = await workspaceWithKey();
  const workspaceId = workspace.id;
  const account = await simulatedAccount(workspaceId, "bluesky");
  const post = await db().post.create({ data: { workspaceId, text: "kept" } });
  const target = await db().postTarget.create({ data: { workspaceId, postId: post.id, accountId: account.id, platform: "bluesky" } });
  const owner = await db().user.create({ data: { name: "R", email: `r-${workspaceId}@example.com` } });
  const endpoint = await db().webhookEndpoint.create({ data: { workspaceId, url: "https://hooks.example/x", events: ["post.published"], secret: "enc", updatedAt: NOW } });
  // For each kind: one a day inside its limit (-1), one a day past it (+1).
  const [inside, past] = [-1, 1];
  {
    const at = (days: number, extra: number) => daysAgo(days + extra);
    await db().engagementSnapshot.createMany({
      data: [inside, past].map((e) => ({ workspaceId, postTargetId: target.id, likes: e, reposts: 0, replies: 0, simulated: true, collectedAt: at(RETENTION_DAYS.engagementSnapshots, e) })),
    });
    await db().aiUsage.createMany({
      data: [inside, past].map((e) => ({ workspaceId, operation: `op${e}`, model: "m", promptTokens: 1, completionTokens: 1, costMicros: 1, simulated: true, outcome: "ok", createdAt: at(RETENTION_DAYS.aiUsage, e) })),
    });
    await db().notification.createMany({
      data: [inside, past].map((e) => ({ workspaceId, userId: owner.id, kind: "post_failed" as const, title: `n${e}`, body: "b", dedupeKey: `d${e}`, createdAt: at(RETENTION_DAYS.notifications, e) })),
    });
    await db().webhookDelivery.createMany({
      data: [
        ...[inside, past].map((e) => ({ workspaceId, endpointId: endpoint.id, eventId: `done${e}`, eventType: "post.published", payload: {}, status: "delivered" as const, createdAt: at(RETENTION_DAYS.webhookDeliveries, e) })),
        { workspaceId, endpointId: endpoint.id, eventId: "waiting", eventType: "post.published", payload: {}, status: "pending" as const, createdAt: daysAgo(RETENTION_DAYS.webhookDeliveries + 100) },
      ],
    });
    // A cached link preview counts from its expiry.
    await db().linkPreview.createMany({
      data: [inside, past].map((e) => ({ workspaceId, url: `https://cornerbakery.example/${e}`, status: "ok", fetchedAt: daysAgo(400), expiresAt: at(RETENTION_DAYS.linkPreviews, e) })),
    });
  }
  return { workspaceId };
}

describe("retention", () => {
  it("deletes each gathered record a day past its limit and keeps the one a day inside", async () => {
    const { workspaceId } = await seed();
    const counts = await applyRetention(NOW);
    expect(counts.engagementSnapshots).toBeGreaterThanOrEqual(1);
    expect((await db().engagementSnapshot.findMany({ where: { workspaceId } })).map((s) => s.likes)).toEqual([-1]);
    expect((await db().aiUsage.findMany({ where: { workspaceId } })).map((u) => u.operation)).toEqual(["op-1"]);
    expect((await db().notification.findMany({ where: { workspaceId } })).map((n) => n.title)).toEqual(["n-1"]);
    expect((await db().webhookDelivery.findMany({ where: { workspaceId }, orderBy: { eventId: "asc" } })).map((d) => d.eventId)).toEqual(["done-1", "waiting"]);
    expect((await db().linkPreview.findMany({ where: { workspaceId } })).map((p) => p.url)).toEqual(["https://cornerbakery.example/-1"]);
    expect(await db().post.count({ where: { workspaceId } })).toBe(1);
  });

  it("runs from the daily cleanup cron", async () => {
    const { workspaceId } = await seed();
    try {
      setClock(NOW);
      const res = await cleanup.GET(req("GET", "/api/agent/cleanup", { headers: CRON }));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.deleted.retention.aiUsage).toBeGreaterThanOrEqual(1);
    } finally {
      resetClock();
    }
    expect(await db().aiUsage.count({ where: { workspaceId } })).toBe(1);
  });

  it("deletes uploads nothing has taken for its limit, with their files, and keeps any a draft, a scheduled post or a live task names", async () => {
    const { workspace, key } = await workspaceWithKey();
    const workspaceId = workspace.id;
    const account = await simulatedAccount(workspaceId, "mastodon");
    const limit = RETENTION_DAYS.unusedMedia;
    const upload = async (name: string, createdAt: Date, lastUsedAt: Date | null) => {
      const storageKey = `${workspaceId}/${name}.png`;
      const { url } = await storage().put(storageKey, Buffer.from(name), "image/png");
      return db().mediaAsset.create({ data: { workspaceId, kind: "image", mime: "image/png", storageKey, url, sizeBytes: name.length, createdAt, lastUsedAt } });
    };
    const neverTakenOld = await upload("never-old", daysAgo(limit + 1), null);
    const neverTakenNew = await upload("never-new", daysAgo(limit - 1), null);
    const takenLately = await upload("taken-lately", daysAgo(limit + 400), daysAgo(limit - 1));
    const takenLongAgo = await upload("taken-long-ago", daysAgo(limit + 400), daysAgo(limit + 1));
    const inDraft = await upload("in-draft", daysAgo(limit + 10), daysAgo(limit + 1));
    const inTask = await upload("in-task", daysAgo(limit + 10), daysAgo(limit + 1));
    try {
      setClock(daysAgo(limit + 1));
      const draft = await drafts.POST(req("POST", "/api/posts/drafts", { key, body: { content: "Later", accountIds: [account.id], config: { mediaIds: [inDraft.id] } } }));
      expect(draft.status).toBe(201);
      const scheduled = await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountIds: [account.id], content: "Soon", scheduledAt: "2035-01-01T09:00:00Z", config: { mediaIds: [inTask.id] } } }));
      expect(scheduled.status).toBe(201);
    } finally {
      resetClock();
    }
    // Taking them set the time of use to the (moved) clock's now.
    expect((await db().mediaAsset.findUniqueOrThrow({ where: { id: inTask.id } })).lastUsedAt).toEqual(daysAgo(limit + 1));

    const counts = await applyRetention(NOW);
    expect(counts.unusedMedia).toBeGreaterThanOrEqual(2);
    const left = await db().mediaAsset.findMany({ where: { workspaceId }, select: { id: true } });
    expect(left.map((a) => a.id).sort()).toEqual([neverTakenNew.id, takenLately.id, inDraft.id, inTask.id].sort());
    expect(await storage().get(neverTakenOld.storageKey)).toBeNull();
    expect(await storage().get(takenLongAgo.storageKey)).toBeNull();
    expect(await storage().get(takenLately.storageKey)).not.toBeNull();
  });
});
