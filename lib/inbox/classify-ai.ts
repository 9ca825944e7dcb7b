// Classification by the language model (docs/decisions.md, "Inbox"), when one is configured
// (OPENAI_API_KEY): sentiment and intent of new items in the brand voice's language, through the
// agent's one `generate` path, so every call is cost-tracked, counted against the workspace's
// monthly cap and refused beyond it. Without a key, or when a call fails or the cap is reached,
// the item keeps the simple classifier's labels ("rules") that lib/inbox/store.ts gave it.
import { z } from "zod";
import { AiError, aiConfig } from "../ai/client";
import { generate } from "../ai/generate";
import type { Db } from "../db";
import { logger } from "../logger";
import { classifyByRules } from "./classify";

/** At most this many model calls per sweep of one account: a burst waits for the rules' labels. */
export const AI_CLASSIFY_CAP = 20;

const Answer = z.object({
  sentiment: z.enum(["positive", "neutral", "negative"]),
  intent: z.enum(["question", "complaint", "praise", "spam", "other"]),
});

export async function classifyWithAi(prisma: Db, workspaceId: string, itemIds: readonly string[], now: Date, budgetMs: number): Promise<number> {
  if (!itemIds.length || !aiConfig().apiKey) return 0;
  const items = await prisma.inboxItem.findMany({ where: { workspaceId, id: { in: itemIds.slice(0, AI_CLASSIFY_CAP) } }, select: { id: true, text: true, platform: true } });
  const started = performance.now();
  let n = 0;
  for (const it of items) {
    const left = budgetMs - (performance.now() - started);
    if (left < 5_000) break;
    try {
      const g = await generate(
        { prisma, workspaceId, now, budgetMs: left },
        {
          operation: "inbox_classify",
          schemaName: "inbox_classification",
          schema: Answer,
          system: "You sort a small business's social-media replies and mentions. Answer with the sentiment and the intent only.",
          user: `Network: ${it.platform}\nReply:\n${it.text.slice(0, 2_000)}`,
          check: () => [],
          simulate: () => {
            const r = classifyByRules(it.text);
            return { sentiment: r.sentiment, intent: r.intent };
          },
          temperature: 0,
        },
      );
      if (g.simulated) continue;
      await prisma.$transaction([
        prisma.inboxItem.update({ where: { id: it.id }, data: { sentiment: g.value.sentiment, intent: g.value.intent, classifiedBy: `ai:${g.model}`, updatedAt: now } }),
        prisma.inboxEvent.create({ data: { workspaceId, itemId: it.id, actorType: "system", action: "classified", detail: { by: `ai:${g.model}`, ...g.value }, createdAt: now } }),
      ]);
      n++;
    } catch (err) {
      // The cap, a refusal, a failing provider: the rules' labels stand.
      logger.warn({ err, workspaceId, itemId: it.id }, "inbox classification by the model failed; the simple labels stand");
      if (err instanceof AiError && err.kind === "budget_exhausted") break;
    }
  }
  return n;
}
