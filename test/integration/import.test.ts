// CSV bulk import through the real route handler: preview then import, per-row errors with the
// file's real line numbers (multi-line quoted text included), nothing written while any row is
// bad, idempotent re-uploads, roles, workspace scoping, BOM/CRLF, size and binary refusals, and
// the campaign column (existing by name or id, new names created on import, readable refusals).
import { describe, expect, it } from "vitest";
import * as importRoute from "../../app/api/import/route";
import * as active from "../../app/api/workspaces/active/route";
import type { Role } from "../../lib/auth/roles";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import { ORIGIN, browserReq, signUp, type Jar } from "../support/auth";
import { simulatedAccount, workspaceWithKey } from "../support/factories";

type Handler = (req: Request) => Promise<Response>;
const post = importRoute.POST as unknown as Handler;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the route answers
async function call(r: Request): Promise<{ status: number; body: any }> {
  const res = await post(r);
  return { status: res.status, body: await res.json() };
}

function csvReq(key: string, csv: string | Uint8Array, dryRun: boolean) {
  return new Request(`http://localhost/api/import${dryRun ? "?dryRun=1" : ""}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
    body: csv as BodyInit,
  });
}

function multipartReq(key: string, csv: string, dryRun: boolean) {
  const form = new FormData();
  form.set("file", new Blob([csv], { type: "text/csv" }), "posts.csv");
  form.set("dryRun", dryRun ? "true" : "false");
  return new Request("http://localhost/api/import", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form });
}

async function setup() {
  const { workspace, key } = await workspaceWithKey("Import Bakery", "Europe/Berlin");
  const bsky = await simulatedAccount(workspace.id, "bluesky", { handle: "bakery.bsky.social" });
  const masto = await simulatedAccount(workspace.id, "mastodon", { handle: "bakery@mastodon.social" });
  return { workspaceId: workspace.id, key, bsky, masto };
}

// By time, then network: the tasks of one row share their time.
const tasksOf = (workspaceId: string) => db().agentTask.findMany({ where: { workspaceId }, orderBy: [{ scheduledAt: "asc" }, { platform: "asc" }] });

const GOOD = [
  "text,platforms,time,media_url,alt_text",
  "Fresh sourdough at 9,bluesky,2030-01-15 09:00,,",
  '"Croissants, warm",bluesky; mastodon,2030-01-16T08:30:00+01:00,https://cdn.example.com/c.jpg,Golden croissants',
  "Closed on Sunday,@bakery@mastodon.social,2030-01-17 18:00,,",
].join("\n");

describe("POST /api/import", () => {
  it("reads a browser's multipart upload, whose boundary has capital letters", async () => {
    const { key } = await setup();
    // Chromium's boundary; the parser must get it as sent (a lowercased copy matches no part).
    const boundary = "----WebKitFormBoundaryQx7FzK3bLmN9pRtY";
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="posts.csv"',
      "Content-Type: text/csv",
      "",
      GOOD,
      `--${boundary}`,
      'Content-Disposition: form-data; name="dryRun"',
      "",
      "true",
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const res = await call(
      new Request("http://localhost/api/import", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": `multipart/form-data; boundary=${boundary}` },
        body,
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.preview).toHaveLength(3);
  });

  it("previews a good file in the workspace's zone, then schedules one post per row and a task per account", async () => {
    const { workspaceId, key, bsky, masto } = await setup();
    const dry = await call(multipartReq(key, GOOD, true));
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.timeZone).toBe("Europe/Berlin");
    expect(dry.body.preview.map((r: { line: number }) => r.line)).toEqual([2, 3, 4]);
    expect(dry.body.preview[0]).toMatchObject({ text: "Fresh sourdough at 9", scheduledAt: "2030-01-15T08:00:00.000Z", localTime: "Tue 15 Jan 2030, 09:00" });
    expect(dry.body.preview[1].targets.map((t: { accountId: string }) => t.accountId)).toEqual([bsky.id, masto.id]);
    expect(dry.body.preview[1]).toMatchObject({ text: "Croissants, warm", mediaUrl: "https://cdn.example.com/c.jpg", altText: "Golden croissants" });
    expect(dry.body.preview[2].targets).toEqual([expect.objectContaining({ accountId: masto.id, platform: "mastodon" })]);
    expect(await tasksOf(workspaceId)).toHaveLength(0);

    const run = await call(multipartReq(key, GOOD, false));
    expect(run.status).toBe(201);
    expect(run.body.scheduled.map((r: { line: number }) => r.line)).toEqual([2, 3, 4]);
    expect(run.body.duplicates).toEqual([]);
    const tasks = await tasksOf(workspaceId);
    expect(tasks.map((t) => [t.platform, t.content])).toEqual([
      ["bluesky", "Fresh sourdough at 9"],
      ["bluesky", "Croissants, warm"],
      ["mastodon", "Croissants, warm"],
      ["mastodon", "Closed on Sunday"],
    ]);
    expect(tasks[1].config).toMatchObject({ media: [{ url: "https://cdn.example.com/c.jpg", type: "image", altText: "Golden croissants" }] });
    expect(await db().post.count({ where: { workspaceId } })).toBe(3);
  });

  it("one bad row among good ones: 400 with exactly that row's line, and nothing scheduled", async () => {
    const { workspaceId, key } = await setup();
    const csv = [
      "text,platforms,time",
      "Good one,bluesky,2030-02-01 10:00",
      `${"x".repeat(301)},bluesky,2030-02-02 10:00`,
      "Another good one,mastodon,2030-02-03 10:00",
    ].join("\n");
    const run = await call(csvReq(key, csv, false));
    expect(run.status).toBe(400);
    const errors = run.body.error.details.errors;
    expect(errors.map((e: { line: number }) => e.line)).toEqual([3]);
    expect(errors[0]).toMatchObject({ column: "text" });
    expect(errors[0].message).toMatch(/Bluesky/);
    expect(run.body.error.fields[0].path).toBe("line 3: text");
    expect(await tasksOf(workspaceId)).toHaveLength(0);
    expect(await db().post.count({ where: { workspaceId } })).toBe(0);

    const dry = await call(csvReq(key, csv, true));
    expect(dry.status).toBe(200);
    expect(dry.body.preview.map((r: { line: number }) => r.line)).toEqual([2, 4]);
    expect(dry.body.errors.map((e: { line: number }) => e.line)).toEqual([3]);
  });

  it("reports every kind of row problem with its column", async () => {
    const { key } = await setup();
    const csv = [
      "Text,Platforms,Time,Media_URL",
      "Past,bluesky,2020-01-01 10:00,",
      "Bad time,bluesky,next tuesday,",
      "Nowhere,myspace,2030-01-01 10:00,",
      "No account,twitter,2030-01-01 10:00,",
      "FTP,bluesky,2030-01-01 10:00,ftp://example.com/a.jpg",
    ].join("\n");
    const dry = await call(csvReq(key, csv, true));
    expect(dry.status).toBe(200);
    expect(dry.body.preview).toEqual([]);
    const byLine = (l: number) => dry.body.errors.filter((e: { line: number }) => e.line === l);
    expect(byLine(2)[0]).toMatchObject({ column: "time", message: expect.stringMatching(/in the past/) });
    expect(byLine(3)[0]).toMatchObject({ column: "time", message: expect.stringMatching(/not a time/) });
    expect(byLine(4)[0]).toMatchObject({ column: "platforms", message: expect.stringMatching(/Unknown platform or account “myspace”/) });
    expect(byLine(5)[0]).toMatchObject({ column: "platforms", message: expect.stringMatching(/No X .*account|No .* account/) });
    expect(byLine(6)[0]).toMatchObject({ column: "media_url", message: expect.stringMatching(/http\(s\)/) });
  });

  it("names what a Reddit row lacks and that the file has no column for it (subreddit, title)", async () => {
    const { workspaceId, key } = await setup();
    await simulatedAccount(workspaceId, "reddit", { handle: "herald_cafe" });
    const dry = await call(csvReq(key, ["text,platforms,time", "Fresh rolls,reddit,2030-01-15 09:00", "Fresh rolls,bluesky,2030-01-15 09:00"].join("\n"), true));
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual([
      { line: 2, column: "platforms", message: "Reddit (@herald_cafe): A Reddit post needs a subreddit to go to; a CSV file has no column for it yet." },
      { line: 2, column: "platforms", message: "Reddit (@herald_cafe): A Reddit post needs a title; a CSV file has no column for it yet." },
    ]);
  });

  it("names what a YouTube or TikTok row lacks and that the file has no column for it (title, privacy)", async () => {
    const { workspaceId, key } = await setup();
    await simulatedAccount(workspaceId, "youtube", { handle: "heraldcafe" });
    await simulatedAccount(workspaceId, "tiktok", { handle: "herald.cafe" });
    const csv = ["text,platforms,time,media_url", "Shaping a loaf,youtube,2030-01-15 09:00,https://example.org/loaf.mp4", "Shaping a loaf,tiktok,2030-01-15 09:00,https://example.org/loaf.mp4"];
    const dry = await call(csvReq(key, csv.join("\n"), true));
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual([
      { line: 2, column: "platforms", message: "YouTube (@heraldcafe): A YouTube video needs a title; a CSV file has no column for it yet." },
      { line: 3, column: "platforms", message: expect.stringMatching(/^TikTok \(@herald\.cafe\): A TikTok post needs who may see it, .*; a CSV file has no column for it yet\.$/) },
    ]);
  });

  it("refuses times more than five minutes in the past, like scheduling does (one rule, one threshold)", async () => {
    const { workspaceId, key } = await setup();
    // 10:00 in Berlin (UTC+1 in January).
    setClock(new Date("2030-01-15T09:00:00Z"));
    try {
      const csv = ["text,platforms,time", "Six minutes ago,bluesky,2030-01-15 09:54", "Four minutes ago,bluesky,2030-01-15 09:56", "Later,bluesky,2030-01-15 11:00"].join("\n");
      const dry = await call(csvReq(key, csv, true));
      expect(dry.status).toBe(200);
      expect(dry.body.errors).toEqual([expect.objectContaining({ line: 2, column: "time", message: "2030-01-15 09:54 (Europe/Berlin) is in the past; pick a later time." })]);
      expect(dry.body.preview.map((r: { line: number }) => r.line)).toEqual([3, 4]);
      const ok = await call(csvReq(key, csv.split("\n").filter((l) => !l.startsWith("Six")).join("\n"), false));
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect((await tasksOf(workspaceId)).map((t) => t.scheduledAt.toISOString())).toEqual(["2030-01-15T08:56:00.000Z", "2030-01-15T10:00:00.000Z"]);
    } finally {
      resetClock();
    }
  });

  it("names the handles when a platform has several accounts", async () => {
    const { workspaceId, key } = await setup();
    await simulatedAccount(workspaceId, "bluesky", { handle: "second.bsky.social" });
    const dry = await call(csvReq(key, "text,platforms,time\nHi,bluesky,2030-01-01 10:00\nHi,second.bsky.social,2030-01-01 10:00\n", true));
    expect(dry.body.errors).toHaveLength(1);
    expect(dry.body.errors[0]).toMatchObject({ line: 2, column: "platforms" });
    expect(dry.body.errors[0].message).toContain("@bakery.bsky.social");
    expect(dry.body.errors[0].message).toContain("@second.bsky.social");
    expect(dry.body.preview).toHaveLength(1);
  });

  it("a quoted multi-line text shifts the following lines", async () => {
    const { key } = await setup();
    const csv = [
      "text,platforms,time",
      '"Line one',
      "line two",
      'line three",bluesky,2030-03-01 10:00',
      "Bad,bluesky,not-a-time",
    ].join("\n");
    const dry = await call(csvReq(key, csv, true));
    expect(dry.body.preview).toHaveLength(1);
    expect(dry.body.preview[0]).toMatchObject({ line: 2, text: "Line one\nline two\nline three" });
    expect(dry.body.errors).toEqual([expect.objectContaining({ line: 5, column: "time" })]);
  });

  it("the same file twice schedules nothing new and reports the duplicates", async () => {
    const { workspaceId, key } = await setup();
    expect((await call(csvReq(key, GOOD, false))).status).toBe(201);
    const again = await call(csvReq(key, GOOD, false));
    expect(again.status).toBe(201);
    expect(again.body.scheduled).toEqual([]);
    expect(again.body.duplicates.map((r: { line: number }) => r.line)).toEqual([2, 3, 4]);
    expect(await tasksOf(workspaceId)).toHaveLength(4);
    expect(await db().post.count({ where: { workspaceId } })).toBe(3);
  });

  it("tags rows with a campaign by name (any capitals) or id; a new name is created once, on import, and marked new in the preview", async () => {
    const { workspaceId, key } = await setup();
    const winter = await db().campaign.create({ data: { workspaceId, name: "Winter menu", brief: "" } });
    const csv = [
      "text,platforms,time,campaign",
      "Stollen,bluesky,2030-01-15 09:00,winter MENU",
      `Buns,bluesky,2030-01-16 09:00,${winter.id}`,
      "Rye,bluesky,2030-01-17 09:00, Rye week ",
      "More rye,mastodon,2030-01-18 09:00,rye WEEK",
      "Untagged,bluesky,2030-01-19 09:00,",
    ].join("\n");
    const dry = await call(csvReq(key, csv, true));
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.preview.map((r: { campaign: unknown }) => r.campaign)).toEqual([
      { id: winter.id, name: "Winter menu", isNew: false },
      { id: winter.id, name: "Winter menu", isNew: false },
      { id: null, name: "Rye week", isNew: true },
      { id: null, name: "Rye week", isNew: true },
      null,
    ]);
    // A preview creates nothing.
    expect(await db().campaign.count({ where: { workspaceId } })).toBe(1);

    const run = await call(csvReq(key, csv, false));
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const campaigns = await db().campaign.findMany({ where: { workspaceId }, orderBy: { name: "asc" } });
    expect(campaigns.map((c) => c.name)).toEqual(["Rye week", "Winter menu"]);
    const rye = campaigns[0].id;
    const posts = await db().post.findMany({ where: { workspaceId }, select: { text: true, campaignId: true }, orderBy: { scheduledAt: "asc" } });
    expect(posts.map((p) => [p.text, p.campaignId])).toEqual([
      ["Stollen", winter.id],
      ["Buns", winter.id],
      ["Rye", rye],
      ["More rye", rye],
      ["Untagged", null],
    ]);

    // The same file again: the rows are duplicates and the campaigns are found, not made twice.
    const again = await call(csvReq(key, csv, false));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.duplicates).toHaveLength(5);
    expect(await db().campaign.count({ where: { workspaceId } })).toBe(2);
  });

  it("refuses a campaign name that matches several only by capitals, an id of another workspace's campaign, and a name over 120 characters", async () => {
    const { workspaceId, key } = await setup();
    await db().campaign.createMany({ data: [{ workspaceId, name: "Spring", brief: "" }, { workspaceId, name: "SPRING", brief: "" }] });
    const { workspace: other } = await workspaceWithKey("Other bakery", "Europe/Berlin");
    const theirs = await db().campaign.create({ data: { workspaceId: other.id, name: "Theirs", brief: "" } });
    const csv = [
      "text,platforms,time,campaign",
      "Exact,bluesky,2030-01-15 09:00,SPRING",
      "Ambiguous,bluesky,2030-01-15 10:00,spring",
      `Foreign,bluesky,2030-01-15 11:00,${theirs.id}`,
      `Long,bluesky,2030-01-15 12:00,${"n".repeat(121)}`,
    ].join("\n");
    const run = await call(csvReq(key, csv, false));
    expect(run.status).toBe(400);
    expect(run.body.error.details.errors).toEqual([
      { line: 3, column: "campaign", message: "“spring” matches several campaigns that differ only in capitals (“Spring”, “SPRING”): write the name exactly." },
      { line: 4, column: "campaign", message: `No campaign of this workspace has the id “${theirs.id}”: use a campaign's name, or an id from the Campaigns page.` },
      { line: 5, column: "campaign", message: "campaign is longer than 120 characters: a campaign's name has at most 120." },
    ]);
    // Nothing was written: no post, no campaign here, theirs untouched.
    expect(await db().post.count({ where: { workspaceId } })).toBe(0);
    expect(await db().campaign.count({ where: { workspaceId } })).toBe(2);
    expect(await db().post.count({ where: { campaignId: theirs.id } })).toBe(0);
  });

  it("viewers get 403; editors may import", async () => {
    const { workspaceId } = await setup();
    async function member(role: Role): Promise<Jar> {
      const { jar, user } = await signUp(`${role}-${Math.random().toString(36).slice(2, 8)}@example.com`);
      await db().membership.create({ data: { workspaceId, userId: user.id, role } });
      const sw = await active.POST(browserReq("POST", "/api/workspaces/active", { jar, body: { workspaceId } }));
      expect(sw.status).toBe(200);
      return jar.take(sw);
    }
    const asUser = (jar: Jar) =>
      new Request(`${ORIGIN}/api/import?dryRun=1`, { method: "POST", headers: { cookie: jar.header, origin: ORIGIN, "content-type": "text/csv" }, body: GOOD });
    const viewer = await call(asUser(await member("viewer")));
    expect(viewer.status).toBe(403);
    const editor = await call(asUser(await member("editor")));
    expect(editor.status).toBe(200);
    expect(editor.body.preview).toHaveLength(3);
  });

  it("another workspace's account handle is reported as unknown", async () => {
    const mine = await setup();
    const { workspace: other } = await workspaceWithKey("Other", "Europe/Berlin");
    await simulatedAccount(other.id, "twitter", { handle: "theirs_on_x" });
    const run = await call(csvReq(mine.key, "text,platforms,time\nHi,theirs_on_x,2030-01-01 10:00\n", false));
    expect(run.status).toBe(400);
    expect(run.body.error.details.errors).toEqual([expect.objectContaining({ line: 2, column: "platforms", message: expect.stringMatching(/Unknown platform or account “theirs_on_x”/) })]);
    expect(await tasksOf(mine.workspaceId)).toHaveLength(0);
  });

  it("handles a UTF-8 BOM and CRLF line endings", async () => {
    const { workspaceId, key } = await setup();
    const csv = "\uFEFFTEXT,PLATFORMS,TIME\r\n\"Two\r\nlines\",bluesky,2030-04-01 10:00\r\nBad,bluesky,never\r\n";
    const dry = await call(csvReq(key, new TextEncoder().encode(csv), true));
    expect(dry.body.preview).toEqual([expect.objectContaining({ line: 2, text: "Two\r\nlines" })]);
    expect(dry.body.errors).toEqual([expect.objectContaining({ line: 4, column: "time" })]);
    const ok = await call(csvReq(key, "\uFEFFtext,platforms,time\r\nHello,bluesky,2030-04-01 10:00\r\n", false));
    expect(ok.status).toBe(201);
    expect(await tasksOf(workspaceId)).toHaveLength(1);
  });

  it("refuses a file over 1 MB with 413, and a binary file with a readable 400", async () => {
    const { workspaceId, key } = await setup();
    const big = "text,platforms,time\n" + `${"a".repeat(200)},bluesky,2030-01-01 10:00\n`.repeat(5000);
    expect((await call(csvReq(key, big, true))).status).toBe(413);
    expect((await call(multipartReq(key, big, false))).status).toBe(413);

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe]);
    const bin = await call(csvReq(key, png, false));
    expect(bin.status).toBe(400);
    expect(bin.body.error.message).toMatch(/not a CSV file/);
    const nul = await call(csvReq(key, "text,platforms,time\n\u0000\u0001,bluesky,x", false));
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/not a CSV file/);
    expect(await tasksOf(workspaceId)).toHaveLength(0);
  });

  it("answers 400 for a missing column, an unclosed quote, a missing file and a bad dryRun", async () => {
    const { key } = await setup();
    const noTime = await call(csvReq(key, "text,platforms\nHi,bluesky\n", true));
    expect(noTime.body.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/missing: time/) });
    const unclosed = await call(csvReq(key, 'text,platforms,time\nOk,bluesky,2030-01-01 10:00\n"never closed,bluesky,2030-01-01 10:00\n', false));
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error.details.errors[0].message).toMatch(/malformed/);
    const form = new FormData();
    form.set("dryRun", "1");
    const noFile = await call(new Request("http://localhost/api/import", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form }));
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.fields).toEqual([{ path: "file", message: expect.any(String) }]);
    const badFlag = await call(new Request("http://localhost/api/import?dryRun=maybe", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" }, body: GOOD }));
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.error.fields[0].path).toBe("dryRun");
    const json = await call(new Request("http://localhost/api/import", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: "{}" }));
    expect(json.status).toBe(400);
  });

  it("refuses more than 500 rows", async () => {
    const { key } = await setup();
    const csv = "text,platforms,time\n" + "Hi,bluesky,2030-01-01 10:00\n".repeat(501);
    const dry = await call(csvReq(key, csv, true));
    expect(dry.body.errors).toEqual([expect.objectContaining({ line: 502, message: expect.stringMatching(/at most 500/) })]);
  });
});

describe("public/import-sample.csv", () => {
  it("is a valid import for a workspace with one Bluesky and one Mastodon account", async () => {
    const { readFileSync } = await import("node:fs");
    const { key } = await setup();
    const dry = await call(csvReq(key, new Uint8Array(readFileSync("public/import-sample.csv")), true));
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.preview.map((r: { line: number }) => r.line)).toEqual([2, 3, 5]);
    expect(dry.body.preview[1].campaign).toEqual({ id: null, name: "Winter menu", isNew: true });
  });
});
