// The compliance check against a workspace's stored brand voice: POST /api/agent/compliance, the
// gate in scheduleTask (422 with findings and nothing written; review findings kept on the post),
// and the CSV import's per-row errors.
import { describe, expect, it } from "vitest";
import * as compliance from "../../app/api/agent/compliance/route";
import * as importRoute from "../../app/api/import/route";
import * as schedule from "../../app/api/agent/schedule/route";
import * as active from "../../app/api/workspaces/active/route";
import { assertCompliant, loadBrandVoice } from "../../lib/ai/compliance-db";
import type { Role } from "../../lib/auth/roles";
import { db } from "../../lib/db";
import type { Prisma } from "../../lib/generated/prisma/client";
import { HeraldError } from "../../lib/errors";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { browserReq, signUp } from "../support/auth";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";

type Handler = (req: Request) => Promise<Response>;

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

async function setup(brandVoice: Prisma.InputJsonObject = { avoidWords: ["cheap", "Gebühr"] }) {
  const { workspace, key } = await workspaceWithKey("Compliance Bakery");
  await db().workspace.update({ where: { id: workspace.id }, data: { brandVoice } });
  const bsky = await simulatedAccount(workspace.id, "bluesky", { handle: "bakery.bsky.social" });
  const masto = await simulatedAccount(workspace.id, "mastodon", { handle: "bakery@mastodon.social" });
  return { workspaceId: workspace.id, key, bsky, masto };
}

async function memberAs(workspaceId: string, role: Role) {
  const { jar, user } = await signUp(`${role}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await db().membership.create({ data: { workspaceId, userId: user.id, role } });
  expect((await active.POST(browserReq("POST", "/api/workspaces/active", { jar, body: { workspaceId } }))).status).toBe(200);
  return jar;
}

const rowsOf = async (workspaceId: string) => ({
  posts: await db().post.count({ where: { workspaceId } }),
  targets: await db().postTarget.count({ where: { workspaceId } }),
  tasks: await db().agentTask.count({ where: { workspaceId } }),
});

describe("POST /api/agent/compliance", () => {
  it("returns readable findings against the workspace's brand voice", async () => {
    const { key } = await setup({ avoidWords: ["cheap"], emoji: "none", linkPolicy: { allowedDomains: ["cornerbakery.com"] } });
    const body = {
      text: "Cheap bread 🍞, guaranteed! https://bit.ly/x",
      platforms: ["instagram", "bluesky"],
      overrides: { bluesky: "Fine text for Bluesky" },
      firstComment: "Order at http://shop.cornerbakery.com",
    };
    const r = await json(await compliance.POST(req("POST", "/api/agent/compliance", { key, body })));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rules = r.body.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`);
    expect(rules).toEqual([
      "avoid_word:block",
      "emoji:review",
      "unsupported_claim:review",
      "link_policy:block", // shortener
      "link_policy:block", // not an allowed domain
      "link_policy:review", // Instagram caption link
      "link_policy:block", // first comment: http
    ]);
    expect(r.body.findings[0]).toEqual({
      rule: "avoid_word",
      severity: "block",
      message: `"Cheap" is on your brand's list of words to avoid.`,
      excerpt: "Cheap",
      index: 0,
    });
    expect(r.body.findings[5]).toMatchObject({ platform: "instagram" });
    expect(r.body.findings[6].message).toBe(
      `In the first comment: the link "http://shop.cornerbakery.com" is not secure (http): your brand's link policy requires https:// addresses.`,
    );
  });

  it("answers an empty list for a clean post", async () => {
    const { key } = await setup();
    const r = await json(await compliance.POST(req("POST", "/api/agent/compliance", { key, body: { text: "Fresh sourdough at 9" } })));
    expect(r).toEqual({ status: 200, body: { success: true, findings: [] } });
  });

  it("refuses bad bodies with field errors, anonymous callers and viewers", async () => {
    const { workspaceId, key } = await setup();
    const bad = await json(await compliance.POST(req("POST", "/api/agent/compliance", { key, body: { text: 5, platforms: ["myspace"], extra: 1 } })));
    expect(bad.status).toBe(400);
    const paths = bad.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["text", "platforms.0"]));
    expect(bad.body.error.fields.find((f: { path: string }) => f.path === "text").message).toBe("text must be the post's text (a string).");

    const anon = await json(await compliance.POST(req("POST", "/api/agent/compliance", { body: { text: "x" } })));
    expect(anon.status).toBe(401);

    const viewer = await memberAs(workspaceId, "viewer");
    const v = await json(await compliance.POST(browserReq("POST", "/api/agent/compliance", { jar: viewer, body: { text: "x" } })));
    expect(v.status).toBe(403);
    const editor = await memberAs(workspaceId, "editor");
    const e = await json(await compliance.POST(browserReq("POST", "/api/agent/compliance", { jar: editor, body: { text: "So cheap" } })));
    expect(e.status).toBe(200);
    expect(e.body.findings).toHaveLength(1);
  });
});

describe("the compliance gate before scheduling", () => {
  it("refuses a post with a word to avoid with 422, its findings, and nothing written", async () => {
    const { workspaceId, key, bsky } = await setup();
    const events = await db().event.count({ where: { workspaceId } });
    const r = await json(
      await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountIds: [bsky.id], content: "Cheap bread, guaranteed!", scheduledAt: inADay() } })),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.success).toBe(false);
    expect(r.body.error.code).toBe("compliance_failed");
    expect(r.body.error.message).toBe(`The post breaks your brand's rules: "Cheap" is on your brand's list of words to avoid.`);
    expect(r.body.error.details.findings).toEqual([
      expect.objectContaining({ rule: "avoid_word", severity: "block", excerpt: "Cheap", index: 0 }),
      expect.objectContaining({ rule: "unsupported_claim", severity: "review", excerpt: "guaranteed" }),
    ]);
    expect(await rowsOf(workspaceId)).toEqual({ posts: 0, targets: 0, tasks: 0 });
    expect(await db().event.count({ where: { workspaceId } })).toBe(events);
  });

  it("refuses a post to a network with no account yet without making its default account", async () => {
    const { workspaceId, key } = await setup();
    const r = await json(
      await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platforms: ["bluesky", "threads"], content: "Cheap bread", scheduledAt: inADay() } })),
    );
    expect([r.status, r.body.error.code]).toEqual([422, "compliance_failed"]);
    expect(await rowsOf(workspaceId)).toEqual({ posts: 0, targets: 0, tasks: 0 });
    expect(await db().socialAccount.count({ where: { workspaceId, platform: "threads" } })).toBe(0);
  });

  it("checks per-platform overrides, thread parts and the first comment in scheduleTask itself", async () => {
    const { workspaceId, bsky, masto } = await setup();
    const base = { type: "social_post", accountIds: [bsky.id, masto.id], content: "Fresh bread", scheduledAt: inADay() };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ overrides: { mastodon: "Keine Gebühr heute" } }, /^In the Mastodon text: "Gebühr" is on your brand's list/],
      [{ thread: ["Part two is cheap"] }, /^In thread part 2: "cheap"/],
      [{ firstComment: "cheap!" }, /^In the first comment: "cheap"/],
      [{ link: "https://bit.ly/abc" }, /^The post's link "https:\/\/bit\.ly\/abc" uses the link shortener bit\.ly/],
    ];
    for (const [config, message] of cases) {
      const input = ScheduleTaskInput.parse({ ...base, config });
      const err = await scheduleTask(db(), workspaceId, input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(config)).toBeInstanceOf(HeraldError);
      expect((err as HeraldError).status).toBe(422);
      const findings = (err as HeraldError).details!.findings as { message: string; platform?: string }[];
      expect(findings[0].message).toMatch(message);
      if (config.overrides) expect(findings[0].platform).toBe("mastodon");
    }
    expect(await rowsOf(workspaceId)).toEqual({ posts: 0, targets: 0, tasks: 0 });
  });

  it("schedules a post with review findings and stores them on the post", async () => {
    const { workspaceId, key, bsky } = await setup({ avoidWords: ["cheap"], maxHashtags: 1 });
    const r = await json(
      await schedule.POST(
        req("POST", "/api/agent/schedule", { key, body: { accountIds: [bsky.id], content: "The #1 sourdough in town #bread #local", scheduledAt: inADay() } }),
      ),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const expected = [
      expect.objectContaining({ rule: "unsupported_claim", severity: "review", excerpt: "#1", index: 4 }),
      expect.objectContaining({ rule: "hashtags", severity: "review", excerpt: "#local" }),
    ];
    expect(r.body.compliance).toEqual(expected);
    const post = await db().post.findFirstOrThrow({ where: { id: r.body.postId, workspaceId } });
    expect(post.compliance).toEqual(expected);
    expect(await rowsOf(workspaceId)).toEqual({ posts: 1, targets: 1, tasks: 1 });

    // A clean post is stored as checked with nothing found.
    const clean = await scheduleTask(db(), workspaceId, ScheduleTaskInput.parse({ accountIds: [bsky.id], content: "Fresh bread", scheduledAt: inADay() }));
    expect(clean.compliance).toEqual([]);
    expect((await db().post.findUniqueOrThrow({ where: { id: clean.postId! } })).compliance).toEqual([]);
  });

  it("uses the defaults for a brand voice stored before the link policy existed", async () => {
    const { workspaceId, bsky } = await setup({ tone: "warm", avoidWords: [] });
    const input = ScheduleTaskInput.parse({ accountIds: [bsky.id], content: "Menu: http://cornerbakery.com", scheduledAt: inADay() });
    await expect(scheduleTask(db(), workspaceId, input)).rejects.toMatchObject({ code: "compliance_failed" });
  });

  it("skips the text when there is no content yet (the agent writes and checks it later), not the link", async () => {
    const { workspaceId, bsky } = await setup();
    const input = { ...ScheduleTaskInput.parse({ accountIds: [bsky.id], content: "x", scheduledAt: inADay() }), content: null };
    const voice = await loadBrandVoice(db(), workspaceId);
    expect(assertCompliant(input, voice, ["bluesky"])).toBeNull();
    expect(() => assertCompliant({ ...input, content: "so cheap" }, voice, ["bluesky"])).toThrow(expect.objectContaining({ code: "compliance_failed" }));
    const withLink = { ...input, config: { ...input.config, link: "https://bit.ly/x" } };
    expect(() => assertCompliant(withLink, voice, ["bluesky"])).toThrow(expect.objectContaining({ code: "compliance_failed" }));
  });
});

describe("CSV import", () => {
  const csvReq = (key: string, csv: string, dryRun: boolean) =>
    new Request(`http://localhost/api/import${dryRun ? "?dryRun=1" : ""}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
      body: csv,
    });

  it("reports blocking findings per row with the line number and imports nothing", async () => {
    const { workspaceId, key } = await setup();
    const csv = [
      "text,platforms,time",
      "Fresh sourdough at 9,bluesky,2030-01-15 09:00",
      '"Two lines,\nand cheap too",mastodon,2030-01-16 09:00',
      "Guaranteed fresh,bluesky,2030-01-17 09:00",
    ].join("\n");
    const post = importRoute.POST as unknown as Handler;
    const dry = await json(await post(csvReq(key, csv, true)));
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    // The review-only claim on line 5 is not an error.
    expect(dry.body.errors).toEqual([{ line: 3, column: "text", message: `"cheap" is on your brand's list of words to avoid.` }]);

    const run = await json(await post(csvReq(key, csv, false)));
    expect(run.status).toBe(400);
    expect(run.body.error.details.errors).toEqual(dry.body.errors);
    expect(await rowsOf(workspaceId)).toEqual({ posts: 0, targets: 0, tasks: 0 });
  });
});
