// A/B variants: scheduled over posting slots or over accounts under one variant group; the group's
// comparison waits for every variant's numbers, then names the winner.
import { describe, expect, it } from "vitest";
import * as variants from "../../app/api/agent/variants/route";
import * as compare from "../../app/api/agent/variants/[group]/route";
import { db } from "../../lib/db";
import { recordSnapshot } from "../../lib/engagement";
import { params, req, simulatedAccount, workspaceWithKey } from "../support/factories";

const body = async (res: Response) => ({ status: res.status, body: await res.json() });
const TWO = [
  { label: "A", text: "Fresh rye every Saturday." },
  { label: "B", text: "Saturday means rye: fresh from 7am." },
];

describe("A/B variants", () => {
  it("spreads variants over accounts at the same time and compares them once metrics arrive", async () => {
    const { workspace, key } = await workspaceWithKey();
    const a1 = await simulatedAccount(workspace.id, "bluesky");
    const a2 = await simulatedAccount(workspace.id, "mastodon");
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const r = await body(await variants.POST(req("POST", "/api/agent/variants", { key, body: { variants: TWO, accountIds: [a1.id, a2.id], spread: "accounts", scheduledAt: at } })));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const posts = await db().post.findMany({ where: { variantGroup: r.body.group }, include: { targets: true }, orderBy: { variantLabel: "asc" } });
    expect(posts.map((p) => [p.variantLabel, p.text, p.targets.map((t) => t.accountId), p.scheduledAt!.toISOString()])).toEqual([
      ["A", TWO[0].text, [a1.id], at],
      ["B", TWO[1].text, [a2.id], at],
    ]);

    const waiting = await body(await compare.GET(req("GET", `/api/agent/variants/${r.body.group}`, { key }), params({ group: r.body.group })));
    expect(waiting.body).toMatchObject({ winner: null, verdict: expect.stringMatching(/Waiting/) });

    const now = new Date();
    await recordSnapshot(db(), { workspaceId: workspace.id, postTargetId: posts[0].targets[0].id }, { likes: 10, reposts: 0, replies: 0, impressions: null, simulated: true }, now);
    const oneIn = await body(await compare.GET(req("GET", `/api/agent/variants/${r.body.group}`, { key }), params({ group: r.body.group })));
    expect(oneIn.body.winner).toBeNull();
    await recordSnapshot(db(), { workspaceId: workspace.id, postTargetId: posts[1].targets[0].id }, { likes: 3, reposts: 2, replies: 1, impressions: null, simulated: true }, now);
    const done = await body(await compare.GET(req("GET", `/api/agent/variants/${r.body.group}`, { key }), params({ group: r.body.group })));
    expect(done.body.variants.map((v: { label: string; score: number }) => [v.label, v.score])).toEqual([["A", 10], ["B", 10]]);
    expect(done.body).toMatchObject({ winner: null, verdict: expect.stringMatching(/tied/) });
    await recordSnapshot(db(), { workspaceId: workspace.id, postTargetId: posts[1].targets[0].id }, { likes: 4, reposts: 2, replies: 1, impressions: null, simulated: true }, new Date(now.getTime() + 1000));
    const ahead = await body(await compare.GET(req("GET", `/api/agent/variants/${r.body.group}`, { key }), params({ group: r.body.group })));
    expect(ahead.body).toMatchObject({ winner: "B", verdict: expect.stringMatching(/Variant B is ahead \(score 11/) });
  });

  it("spreads variants over successive free posting slots, each to every account", async () => {
    const { workspace, key } = await workspaceWithKey("Slots", "UTC");
    await db().workspace.update({ where: { id: workspace.id }, data: { postingSlots: [{ weekday: 1, time: "09:00" }, { weekday: 3, time: "09:00" }, { weekday: 5, time: "09:00" }] } });
    const a1 = await simulatedAccount(workspace.id, "bluesky");
    const a2 = await simulatedAccount(workspace.id, "twitter");
    const r = await body(await variants.POST(req("POST", "/api/agent/variants", { key, body: { variants: [...TWO, { label: "C", text: "Rye o'clock." }], accountIds: [a1.id, a2.id] } })));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const times = r.body.variants.map((v: { scheduledAt: string }) => v.scheduledAt);
    expect(new Set(times).size).toBe(3);
    expect([...times].sort()).toEqual(times);
    for (const t of times) expect(new Date(t).getUTCHours()).toBe(9);
    expect(await db().postTarget.count({ where: { post: { variantGroup: r.body.group } } })).toBe(6);
  });

  it("refuses what cannot work, with readable reasons and nothing written", async () => {
    const { workspace, key } = await workspaceWithKey();
    const a1 = await simulatedAccount(workspace.id, "bluesky");
    const few = await body(await variants.POST(req("POST", "/api/agent/variants", { key, body: { variants: TWO, accountIds: [a1.id], spread: "accounts" } })));
    expect(few.status).toBe(400);
    expect(few.body.error.fields[0].message).toMatch(/at least 2 accounts/);
    const noSlots = await body(await variants.POST(req("POST", "/api/agent/variants", { key, body: { variants: TWO, accountIds: [a1.id] } })));
    expect(noSlots.status).toBe(409);
    expect(noSlots.body.error.message).toMatch(/no free posting slot/);
    const one = await body(await variants.POST(req("POST", "/api/agent/variants", { key, body: { variants: [TWO[0]], accountIds: [a1.id] } })));
    expect(one.status).toBe(400);
    await db().workspace.update({ where: { id: workspace.id }, data: { brandVoice: { avoidWords: ["o'clock"] } } });
    const a2 = await simulatedAccount(workspace.id, "mastodon");
    const offBrand = await body(
      await variants.POST(req("POST", "/api/agent/variants", { key, body: { variants: [TWO[0], { label: "B", text: "Rye o'clock" }], accountIds: [a1.id, a2.id], spread: "accounts", scheduledAt: new Date(Date.now() + 3_600_000).toISOString() } })),
    );
    expect(offBrand.status).toBe(422);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
