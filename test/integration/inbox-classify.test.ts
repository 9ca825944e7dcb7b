// Inbox classification (docs/decisions.md, "Inbox"): the simple word-list classifier without an AI
// key (labelled "rules"), the language model when one is configured (a local OpenAI-compatible
// fixture), cost-tracked like every AI call, and the rules' labels kept when the model fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { classifyByRules } from "../../lib/inbox/classify";
import { classifyWithAi } from "../../lib/inbox/classify-ai";
import { storeCollected } from "../../lib/inbox/store";
import { simulatedAccount, workspaceWithKey } from "../support/factories";
import { json, startOpenAiFixture, type OpenAiFixture } from "../support/openai-fixture";

const T0 = new Date("2031-06-01T10:00:00Z");

describe("the simple classifier", () => {
  it("sorts questions, complaints, praise and spam", () => {
    expect(classifyByRules("How much is the rye loaf?")).toEqual({ sentiment: "neutral", intent: "question", classifiedBy: "rules" });
    expect(classifyByRules("Still waiting for my refund, terrible")).toMatchObject({ sentiment: "negative", intent: "complaint" });
    expect(classifyByRules("Love it, thank you! 🎉")).toMatchObject({ sentiment: "positive", intent: "praise" });
    expect(classifyByRules("Free followers, DM me")).toMatchObject({ intent: "spam" });
    expect(classifyByRules("See you Saturday")).toMatchObject({ sentiment: "neutral", intent: "other" });
  });
});

describe("classification by the model", () => {
  let ai: OpenAiFixture;
  beforeAll(async () => {
    ai = await startOpenAiFixture();
  });
  afterAll(() => ai.close());

  it("relabels new items with the model's answer, records the cost, and keeps the rules' labels when it fails", async () => {
    const { workspace } = await workspaceWithKey("AI Inbox Bakery");
    const account = await simulatedAccount(workspace.id, "bluesky");
    const stored = await storeCollected(db(), account, [
      { remoteId: "a1", kind: "reply", authorHandle: "ann", text: "Well, that was something.", remoteCreatedAt: T0, simulated: false },
      { remoteId: "a2", kind: "reply", authorHandle: "ben", text: "How much is it?", remoteCreatedAt: T0, simulated: false },
    ], [], T0);
    ai.script(json({ sentiment: "negative", intent: "complaint" }), { status: 500, json: { error: { message: "boom" } } });
    expect(await classifyWithAi(db(), workspace.id, stored.inserted, T0, 60_000)).toBe(1);
    const [a, b] = await Promise.all(stored.inserted.map((id) => db().inboxItem.findUniqueOrThrow({ where: { id } })));
    expect(a).toMatchObject({ sentiment: "negative", intent: "complaint", classifiedBy: "ai:fixture-model" });
    expect(b).toMatchObject({ sentiment: "neutral", intent: "question", classifiedBy: "rules" });
    expect(ai.messages(0).map((m) => m.content).join("\n")).toContain("Well, that was something.");
    const usage = await db().aiUsage.findMany({ where: { workspaceId: workspace.id, operation: "inbox_classify" } });
    expect(usage.length).toBeGreaterThanOrEqual(1);
    expect(usage[0].simulated).toBe(false);
    expect(await db().inboxEvent.count({ where: { itemId: a.id, action: "classified" } })).toBe(1);
  });
});
