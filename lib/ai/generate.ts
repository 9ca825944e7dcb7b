// One structured generation: the model answers JSON for a zod schema; an answer that is not valid
// JSON, does not match the schema, was cut off, or breaks a platform or brand rule is sent back
// with the problems to repair, at most MAX_REPAIRS times. Broken output is never returned.
// Every call is recorded with its tokens and estimated cost, and the monthly cap is checked first.
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { z } from "zod";
import type { Db } from "../db";
import { AiError, aiConfig, classifyOpenAiError, costMicros, openaiClient, SIMULATED_MODEL } from "./client";
import { PROCESS_MAX_DURATION_S } from "../scheduler/budget";
import { estimateTokens } from "./simulation";
import { assertWithinBudget, recordUsage, type UsageRecord } from "./usage";

export const MAX_REPAIRS = 2;

export interface AgentContext {
  prisma: Db;
  workspaceId: string;
  now: Date;
  /** The generate task this runs for, if any (recorded with the usage). */
  taskId?: string | null;
  /**
   * Wall-clock milliseconds this generation may take in all, repairs and the SDK's retries
   * included (a task must finish inside its process call). Unbounded when absent.
   */
  budgetMs?: number;
}

/** Below this much time left, another model call is not started. */
const MIN_CALL_MS = 5_000;

export interface GenerateSpec<T> {
  operation: string;
  schemaName: string;
  schema: z.ZodType<T>;
  system: string;
  user: string;
  /** Rules the parsed answer must meet (platform limits, brand rules): readable problems, or none. */
  check: (value: T) => string[];
  /** The deterministic answer when no API key is set. */
  simulate: () => T;
  temperature?: number;
}

export interface Generated<T> {
  value: T;
  simulated: boolean;
  model: string;
  /** Answers sent back for repair before this one passed. */
  repairs: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** A 400 that says the provider or model cannot do json_schema response formats. */
function unsupportedStructuredOutput(err: unknown): boolean {
  return err instanceof OpenAI.BadRequestError && /response_format|json_schema|structured output/i.test(err.message);
}

function parseAnswer<T>(schema: z.ZodType<T>, content: string): { value: T } | { problem: string } {
  const raw = content.trim().replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { problem: "The answer was not valid JSON. Answer with one JSON object only." };
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { problem: `The JSON did not match the required shape: ${issues.join("; ")}.` };
  }
  return { value: r.data };
}

export async function generate<T>(ctx: AgentContext, spec: GenerateSpec<T>): Promise<Generated<T>> {
  const cfg = aiConfig();
  const record = (r: Omit<UsageRecord, "workspaceId" | "operation" | "taskId">) =>
    recordUsage(ctx.prisma, { workspaceId: ctx.workspaceId, operation: spec.operation, taskId: ctx.taskId, ...r }, ctx.now);

  await assertWithinBudget(ctx.prisma, ctx.workspaceId, ctx.now);

  if (!cfg.apiKey) {
    const value = spec.simulate();
    const problems = spec.check(value);
    const promptTokens = estimateTokens(spec.system + spec.user);
    const completionTokens = estimateTokens(JSON.stringify(value));
    await record({ model: SIMULATED_MODEL, promptTokens, completionTokens, costMicros: 0, simulated: true, outcome: problems.length ? "invalid" : "ok" });
    if (problems.length) throw new AiError("invalid_output", `The simulated draft broke a rule: ${problems.join(" ")}`);
    return { value, simulated: true, model: SIMULATED_MODEL, repairs: 0, promptTokens, completionTokens, costUsd: 0 };
  }

  const client = openaiClient(cfg);
  const messages: Message[] = [
    { role: "system", content: spec.system },
    { role: "user", content: spec.user },
  ];
  const totals = { promptTokens: 0, completionTokens: 0, micros: 0 };
  let problems: string[] = [];
  const schemaFormat = zodResponseFormat(spec.schema as never, spec.schemaName);
  // Providers without structured outputs get JSON mode and the schema in the prompt instead.
  let jsonMode = false;

  const started = performance.now();
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    if (attempt > 0) await assertWithinBudget(ctx.prisma, ctx.workspaceId, ctx.now);
    const left = (ctx.budgetMs ?? Infinity) - (performance.now() - started);
    if (left < MIN_CALL_MS) {
      throw new AiError("unavailable", "The AI did not finish within this run's time; Herald will try again.");
    }
    let res: OpenAI.Chat.Completions.ChatCompletion;
    try {
      res = await client.chat.completions.create(
        {
          model: cfg.model,
          messages,
          temperature: spec.temperature ?? 0.7,
          response_format: jsonMode ? { type: "json_object" } : schemaFormat,
        },
        // Each try gets the configured timeout, as many as fit in the time left.
        { timeout: Math.floor(Math.min(cfg.timeoutMs, left)), maxRetries: Math.max(0, Math.min(cfg.maxRetries, Math.floor(left / cfg.timeoutMs) - 1)) },
      );
    } catch (err) {
      const e = classifyOpenAiError(err, ctx.now);
      await record({ model: cfg.model, promptTokens: 0, completionTokens: 0, costMicros: 0, simulated: false, outcome: e.kind === "rate_limited" ? "rate_limited" : "error" });
      if (!jsonMode && unsupportedStructuredOutput(err)) {
        jsonMode = true;
        messages[0] = { role: "system", content: `${spec.system}\n\nAnswer with one JSON object matching this JSON schema:\n${JSON.stringify(schemaFormat.json_schema.schema)}` };
        attempt--; // not a repair: the same question, asked the way this provider understands
        continue;
      }
      throw e;
    }
    // Some compatible servers send no usage: estimate it, so the monthly cap still counts the call.
    const promptTokens = res.usage?.prompt_tokens ?? estimateTokens(messages.map((m) => String(m.content ?? "")).join("\n"));
    const completionTokens = res.usage?.completion_tokens ?? estimateTokens(res.choices[0]?.message?.content ?? "");
    const micros = costMicros(cfg, promptTokens, completionTokens);
    totals.promptTokens += promptTokens;
    totals.completionTokens += completionTokens;
    totals.micros += micros;
    const usage = { model: res.model || cfg.model, promptTokens, completionTokens, costMicros: micros, simulated: false };

    const choice = res.choices[0];
    const refusal = choice?.message?.refusal;
    if (refusal) {
      await record({ ...usage, outcome: "refused" });
      throw new AiError("refused", `The AI declined to write this: "${refusal.slice(0, 300)}". Rephrase the brief and try again.`);
    }
    const content = choice?.message?.content ?? "";
    const parsed = choice?.finish_reason === "length"
      ? { problem: "The answer was cut off because it was too long. Answer again, much shorter." }
      : parseAnswer(spec.schema, content);
    problems = "problem" in parsed ? [parsed.problem] : spec.check(parsed.value);
    await record({ ...usage, outcome: problems.length ? "invalid" : attempt > 0 ? "repaired" : "ok" });
    if (!problems.length && "value" in parsed) {
      return {
        value: parsed.value,
        simulated: false,
        model: usage.model,
        repairs: attempt,
        promptTokens: totals.promptTokens,
        completionTokens: totals.completionTokens,
        costUsd: totals.micros / 1e6,
      };
    }
    messages.push(
      { role: "assistant", content },
      { role: "user", content: `Your answer has these problems:\n- ${problems.join("\n- ")}\nAnswer again with the whole JSON, fixed.` },
    );
  }
  throw new AiError(
    "invalid_output",
    `The AI's answer still broke the rules after ${MAX_REPAIRS + 1} tries, so nothing was saved: ${problems.join(" ")}`,
  );
}

/** What is left of a claimed task's process call for the model, less room for the write-back. */
export function aiBudgetMs(task: { processingStartedAt: Date }, now: Date): number {
  return (PROCESS_MAX_DURATION_S - 30) * 1000 - Math.max(0, now.getTime() - new Date(task.processingStartedAt).getTime());
}
