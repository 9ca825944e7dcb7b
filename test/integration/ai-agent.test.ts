// The agent through the real `openai` SDK against a local OpenAI-compatible server: structured
// drafts, repair of malformed / over-long / off-brand answers, refusals, 429 and 500, cost
// accounting and the monthly cap; and the labelled deterministic simulation without a key.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AiError, draftPosts, rewritePost, suggestReply, titles, variants } from "../../lib/ai-agent";
import { monthUsage } from "../../lib/ai/usage";
import { db } from "../../lib/db";
import twitterText from "twitter-text";
import { workspaceWithKey } from "../support/factories";
import { apiError, completion, json, startOpenAiFixture, type OpenAiFixture } from "../support/openai-fixture";

const NOW = new Date("2026-11-20T10:00:00Z");

async function workspace(brandVoice: Record<string, unknown> = {}) {
  const { workspace } = await workspaceWithKey("Agent Bakery", "Europe/Berlin");
  await db().workspace.update({
    where: { id: workspace.id },
    data: { brandVoice: { tone: "warm and witty", language: "en", emoji: "none", maxHashtags: 2, avoidWords: ["cheap"], guidelines: "Mention sourdough when it fits.", ...brandVoice } },
  });
  return { prisma: db(), workspaceId: workspace.id, now: NOW };
}

const usageRows = (workspaceId: string) => db().aiUsage.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });

describe("without an API key: the labelled simulation", () => {
  it("drafts a post per platform that fits each platform, deterministically, at no cost", async () => {
    const ctx = await workspace();
    const brief = "Our new rye sourdough is out of the oven every Saturday morning at the Market Street shop, come early because it sells out fast";
    const a = await draftPosts(ctx, { brief, platforms: ["twitter", "bluesky", "linkedin"], link: "https://bakery.example/rye" });
    const b = await draftPosts(ctx, { brief, platforms: ["twitter", "bluesky", "linkedin"], link: "https://bakery.example/rye" });
    expect(a.simulated).toBe(true);
    expect(a.notice).toMatch(/simulation/i);
    expect(a.posts.map((p) => p.text)).toEqual(b.posts.map((p) => p.text));
    const x = a.posts.find((p) => p.platform === "twitter")!.text;
    expect(twitterText.parseTweet(x).weightedLength).toBeLessThanOrEqual(280);
    expect(x).toContain("https://bakery.example/rye");
    for (const p of a.posts) {
      expect((p.text.match(/#\w+/g) ?? []).length).toBeLessThanOrEqual(2);
      expect(p.text).not.toMatch(/\p{Extended_Pictographic}/u);
      expect(p.findings.filter((f) => f.severity === "block")).toEqual([]);
    }
    const rows = await usageRows(ctx.workspaceId);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.simulated && r.costMicros === 0 && r.model === "herald-simulation")).toBe(true);
  });

  it("keeps the brand's words to avoid out of simulated text, and every other action works", async () => {
    const ctx = await workspace({ avoidWords: ["cheap", "deal"] });
    const d = await draftPosts(ctx, { brief: "A cheap deal on croissants this week", platforms: ["mastodon"] });
    expect(d.posts[0].text.toLowerCase()).not.toMatch(/\bcheap\b|\bdeal\b/);
    const short = await rewritePost(ctx, { text: "We bake every morning from four o'clock so that the bread is fresh when you arrive.", platform: "twitter", mode: "shorten" });
    expect(short.text.length).toBeLessThan(83);
    const v = await variants(ctx, { brief: "Pumpkin bread is back for autumn", platform: "bluesky", count: 3 });
    expect(v.variants.map((x) => x.label)).toEqual(["A", "B", "C"]);
    expect(new Set(v.variants.map((x) => x.text)).size).toBe(3);
    const t = await titles(ctx, { content: "We tested twelve flours for our sourdough. Here is what we learned.", community: "Breadit", count: 3 });
    expect(t.titles).toHaveLength(3);
    expect(t.titles.every((x) => x.length <= 300 && !x.includes("#"))).toBe(true);
    const r = await suggestReply(ctx, { comment: "Do you have gluten-free options?", platform: "twitter", author: "ana" });
    expect(r.reply).toContain("@ana");
    expect(r.simulated).toBe(true);
  });
});

describe("with a model behind the openai SDK", () => {
  let ai: OpenAiFixture;
  beforeAll(async () => {
    ai = await startOpenAiFixture({ prices: [2, 8] });
  });
  afterAll(async () => {
    await ai.close();
  });
  afterEach(() => {
    ai.server.reset();
  });

  it("sends the brand voice and platform rules, validates the structured answer and records tokens and cost", async () => {
    const ctx = await workspace();
    ai.script(json({ posts: [{ platform: "twitter", text: "Fresh rye sourdough every Saturday. Come early! #Sourdough" }, { platform: "linkedin", text: "Our bakers start at 4am so that your Saturday rye is fresh. #Bakery" }] }, { promptTokens: 1200, completionTokens: 300 }));
    const r = await draftPosts(ctx, { brief: "Saturday rye sourdough", platforms: ["twitter", "linkedin"] });
    expect(r.simulated).toBe(false);
    expect(r.notice).toBeNull();
    expect(r.posts.map((p) => p.platform)).toEqual(["twitter", "linkedin"]);
    expect(r.repairs).toBe(0);
    const body = ai.calls()[0].body as { model: string; response_format: { type: string; json_schema: { name: string; strict: boolean } } };
    expect(body.model).toBe("fixture-model");
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema).toMatchObject({ name: "drafts", strict: true });
    expect(ai.calls()[0].headers.authorization).toBe("Bearer sk-test-fixture");
    const [system, user] = ai.messages(0);
    expect(system.content).toContain("warm and witty");
    expect(system.content).toContain('"cheap"');
    expect(system.content).toContain("Do not use any emoji");
    expect(user.content).toMatch(/twitter \(X\): at most 280 characters/);
    // 1200 × $2/M + 300 × $8/M = $0.0024 + $0.0024
    expect(r.usage.costUsd).toBeCloseTo(0.0048, 10);
    const rows = await usageRows(ctx.workspaceId);
    expect(rows).toMatchObject([{ operation: "draft", model: "fixture-model", promptTokens: 1200, completionTokens: 300, costMicros: 4800, simulated: false, outcome: "ok" }]);
  });

  it("repairs malformed JSON by sending the problem back", async () => {
    const ctx = await workspace();
    ai.script(completion({ content: '{"posts": [{"platform": "bluesky", "text": "Fresh bread' }), json({ posts: [{ platform: "bluesky", text: "Fresh bread at 7." }] }));
    const r = await draftPosts(ctx, { brief: "Fresh bread at seven", platforms: ["bluesky"] });
    expect(r.posts[0].text).toBe("Fresh bread at 7.");
    expect(r.repairs).toBe(1);
    const second = ai.messages(1);
    expect(second.at(-2)).toMatchObject({ role: "assistant", content: '{"posts": [{"platform": "bluesky", "text": "Fresh bread' });
    expect(second.at(-1)!.content).toMatch(/not valid JSON/);
    expect((await usageRows(ctx.workspaceId)).map((u) => u.outcome)).toEqual(["invalid", "repaired"]);
  });

  it("sends over-long text back with the platform's own count, and never returns it", async () => {
    const ctx = await workspace();
    const long = "Fresh sourdough ".repeat(25).trim();
    ai.script(json({ posts: [{ platform: "twitter", text: long }] }), json({ posts: [{ platform: "twitter", text: "Fresh sourdough, every day." }] }));
    const r = await draftPosts(ctx, { brief: "sourdough", platforms: ["twitter"] });
    expect(r.posts[0].text).toBe("Fresh sourdough, every day.");
    expect(ai.messages(1).at(-1)!.content).toMatch(/X allows 280 characters; this text has 399/);
  });

  it("gives up after the repairs with a readable error when the answer keeps breaking the rules", async () => {
    const ctx = await workspace();
    const long = json({ posts: [{ platform: "twitter", text: "x".repeat(400) }] });
    ai.script(long, long, long);
    const err = await draftPosts(ctx, { brief: "sourdough", platforms: ["twitter"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AiError);
    expect((err as AiError).kind).toBe("invalid_output");
    expect((err as AiError).failureClass).toBe("permanent");
    expect((err as AiError).message).toMatch(/after 3 tries, so nothing was saved: twitter: X allows 280 characters/);
    expect(ai.calls()).toHaveLength(3);
    const rows = await usageRows(ctx.workspaceId);
    expect(rows.map((u) => u.outcome)).toEqual(["invalid", "invalid", "invalid"]);
    expect(rows.reduce((s, u) => s + u.costMicros, 0)).toBe(3 * 3600);
  });

  it("repairs answers that use a word the brand avoids or too many hashtags", async () => {
    const ctx = await workspace();
    ai.script(
      json({ text: "Cheap bread for everyone! #a #b #c" }),
      json({ text: "Good bread for everyone! #Bread" }),
    );
    const r = await rewritePost(ctx, { text: "Bread for everyone", platform: "mastodon", mode: "rewrite" });
    expect(r.text).toBe("Good bread for everyone! #Bread");
    const problems = ai.messages(1).at(-1)!.content;
    expect(problems).toMatch(/"[Cc]heap"/);
    expect(problems).toMatch(/hashtag/i);
  });

  it("reports a refusal without retrying it", async () => {
    const ctx = await workspace();
    ai.script(completion({ refusal: "I can't help with that." }));
    const err = (await suggestReply(ctx, { comment: "hi", platform: "twitter" }).catch((e: unknown) => e)) as AiError;
    expect(err.kind).toBe("refused");
    expect(err.message).toContain("I can't help with that.");
    expect(err.toHeraldError().status).toBe(400);
    expect(ai.calls()).toHaveLength(1);
    expect((await usageRows(ctx.workspaceId))[0].outcome).toBe("refused");
  });

  it("treats a cut-off answer (finish_reason length) as one to repair", async () => {
    const ctx = await workspace();
    ai.script(completion({ content: '{"text": "Bread', finishReason: "length" }), json({ text: "Bread." }));
    const r = await rewritePost(ctx, { text: "Bread is good", platform: "bluesky", mode: "rewrite" });
    expect(r.text).toBe("Bread.");
    expect(ai.messages(1).at(-1)!.content).toMatch(/cut off/);
  });

  it("classifies 429 as rate-limited with the provider's reset time, and 401 as an auth problem", async () => {
    const ctx = await workspace();
    ai.script(apiError(429, "Rate limit reached", { "retry-after": "30" }));
    const err = (await titles(ctx, { content: "Sourdough tips", count: 1 }).catch((e: unknown) => e)) as AiError;
    expect(err.kind).toBe("rate_limited");
    expect(err.failureClass).toBe("rate_limited");
    expect(err.retryAt!.getTime()).toBe(NOW.getTime() + 30_000);
    expect(err.toHeraldError().status).toBe(429);
    ai.script(apiError(401, "Incorrect API key provided: sk-test-fixture"));
    const auth = (await titles(ctx, { content: "Sourdough tips", count: 1 }).catch((e: unknown) => e)) as AiError;
    expect(auth.failureClass).toBe("auth");
    expect(auth.message).not.toContain("sk-test");
    expect((await usageRows(ctx.workspaceId)).map((u) => u.outcome)).toEqual(["rate_limited", "error"]);
  });

  it("classifies a 500 as transient for the scheduler to retry", async () => {
    const ctx = await workspace();
    ai.script(apiError(500, "The server had an error"));
    const err = (await titles(ctx, { content: "Sourdough tips", count: 1 }).catch((e: unknown) => e)) as AiError;
    expect(err.kind).toBe("unavailable");
    expect(err.failureClass).toBe("transient");
    expect(err.toHeraldError().status).toBe(502);
  });

  it("falls back to JSON mode with the schema in the prompt when the provider has no structured outputs", async () => {
    const ctx = await workspace();
    ai.script(apiError(400, "response_format of type json_schema is not supported for this model"), json({ text: "Bread." }));
    const r = await rewritePost(ctx, { text: "Bread is good", platform: "bluesky", mode: "rewrite" });
    expect(r).toMatchObject({ text: "Bread.", repairs: 0 });
    const [first, second] = ai.calls().map((c) => c.body as { response_format: { type: string } });
    expect(first.response_format.type).toBe("json_schema");
    expect(second.response_format).toEqual({ type: "json_object" });
    expect(ai.messages(1)[0].content).toMatch(/matching this JSON schema:\n\{.*"text"/s);
    expect((await usageRows(ctx.workspaceId)).map((u) => u.outcome)).toEqual(["error", "ok"]);
    // Any other 400 is not retried.
    ai.script(apiError(400, "Invalid value for 'temperature'"));
    const err = (await rewritePost(ctx, { text: "Bread is good", platform: "bluesky", mode: "rewrite" }).catch((e: unknown) => e)) as AiError;
    expect(err.kind).toBe("bad_request");
    expect(ai.calls()).toHaveLength(3);
  });

  it("starts no further call once the time left is under 5 s, so a task ends inside its process call", async () => {
    const ctx = await workspace();
    ai.script({ ...json({ text: "x".repeat(400) }), delayMs: 700 }, json({ text: "Bread." }));
    const err = (await rewritePost({ ...ctx, budgetMs: 5_600 }, { text: "Bread is good", platform: "bluesky", mode: "rewrite" }).catch((e: unknown) => e)) as AiError;
    expect(err.kind).toBe("unavailable");
    expect(err.failureClass).toBe("transient");
    expect(err.message).toMatch(/did not finish within this run's time/);
    expect(ai.calls()).toHaveLength(1);
    // With time enough, the same answers are repaired.
    ai.script(json({ text: "x".repeat(400) }), json({ text: "Bread." }));
    expect((await rewritePost({ ...ctx, budgetMs: 60_000 }, { text: "Bread is good", platform: "bluesky", mode: "rewrite" })).text).toBe("Bread.");
  });

  it("estimates tokens and cost when the server sends no usage, so the cap still counts the call", async () => {
    const ctx = await workspace();
    ai.script(completion({ content: JSON.stringify({ text: "Bread, warm from the oven." }), noUsage: true }));
    await rewritePost(ctx, { text: "Bread is good", platform: "bluesky", mode: "rewrite" });
    const [row] = await usageRows(ctx.workspaceId);
    expect(row.promptTokens).toBeGreaterThan(50);
    expect(row.completionTokens).toBe(Math.ceil(JSON.stringify({ text: "Bread, warm from the oven." }).length / 4));
    expect(row.costMicros).toBe(row.promptTokens * 2 + row.completionTokens * 8);
  });

  it("stops generating at the monthly cap with a clear message, before calling the model", async () => {
    const ctx = await workspace();
    await db().workspace.update({ where: { id: ctx.workspaceId }, data: { aiMonthlyCapCents: 1 } });
    ai.script(json({ text: "Bread." }, { promptTokens: 5000, completionTokens: 1000 }));
    // $0.01 + $0.008 = $0.018: over the $0.01 cap after this call.
    await rewritePost(ctx, { text: "Bread is good", platform: "bluesky", mode: "rewrite" });
    const u = await monthUsage(db(), ctx.workspaceId, NOW);
    expect(u).toMatchObject({ calls: 1, promptTokens: 5000, completionTokens: 1000, capUsd: 0.01 });
    expect(u.costUsd).toBeCloseTo(0.018, 10);
    const err = (await rewritePost(ctx, { text: "Bread is good", platform: "bluesky", mode: "rewrite" }).catch((e: unknown) => e)) as AiError;
    expect(err.kind).toBe("budget_exhausted");
    expect(err.message).toMatch(/used its AI budget for the month \(\$0\.02 of \$0\.01\).*1 December 2026/);
    expect(err.toHeraldError().status).toBe(402);
    expect(ai.calls()).toHaveLength(1);
    // Next month (in the workspace's zone) the budget is fresh.
    ai.script(json({ text: "Bread!" }));
    const dec = await rewritePost({ ...ctx, now: new Date("2026-11-30T23:30:00Z") }, { text: "Bread is good", platform: "bluesky", mode: "rewrite" });
    expect(dec.text).toBe("Bread!");
  });
});
