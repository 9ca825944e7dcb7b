// POST /api/agent/assist — the composer's Assist panel (editor): draft per platform from a brief,
// rewrite / shorten / hashtags, A/B variants, Reddit titles, reply suggestions. Each answer says
// whether it was simulated (no OPENAI_API_KEY) and what it cost; the monthly cap answers 402.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { draftPosts, rewritePost, suggestReply, titles, variants, type AgentContext } from "@/lib/ai-agent";
import { db } from "@/lib/db";
import { AssistInput } from "@/lib/validation/ai";
import { clock } from "@/lib/clock";

// A person is waiting: the model gets 100 s in all (repairs and retries included), the function 120 s.
export const maxDuration = 120;
const AI_BUDGET_MS = 100_000;

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const input = await readJson(req, AssistInput);
  const ctx: AgentContext = { prisma: db(), workspaceId, now: clock.now(), budgetMs: AI_BUDGET_MS };
  switch (input.action) {
    case "draft":
      return { success: true, ...(await draftPosts(ctx, input)) };
    case "rewrite":
    case "shorten":
    case "hashtags":
      return { success: true, ...(await rewritePost(ctx, { text: input.text, platform: input.platform, mode: input.action })) };
    case "variants":
      return { success: true, ...(await variants(ctx, input)) };
    case "titles":
      return { success: true, ...(await titles(ctx, input)) };
    case "reply":
      return { success: true, ...(await suggestReply(ctx, input)) };
  }
}, { minRole: "editor" });
