// A local OpenAI-compatible server for the real `openai` SDK: answers /v1/chat/completions from a
// script (fixed completions, malformed JSON, refusals, cut-off answers, 429, 500) and records every
// request. Points the agent at itself through OPENAI_BASE_URL / OPENAI_API_KEY.
import { resetEnvCache } from "../../lib/env";
import { startFixtureServer, type FixtureResponse, type FixtureServer, type RecordedRequest } from "./fixture-server";

export interface Completion {
  content?: string | null;
  refusal?: string;
  finishReason?: "stop" | "length";
  promptTokens?: number;
  completionTokens?: number;
  /** Leave `usage` out, as some compatible servers do. */
  noUsage?: boolean;
}

export function completion(c: Completion): FixtureResponse {
  return {
    json: {
      id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: "fixture-model",
      choices: [
        {
          index: 0,
          finish_reason: c.finishReason ?? "stop",
          message: { role: "assistant", content: c.refusal ? null : (c.content ?? null), refusal: c.refusal ?? null },
        },
      ],
      ...(!c.noUsage && {
        usage: {
          prompt_tokens: c.promptTokens ?? 1000,
          completion_tokens: c.completionTokens ?? 200,
          total_tokens: (c.promptTokens ?? 1000) + (c.completionTokens ?? 200),
        },
      }),
    },
  };
}

export const json = (value: unknown, extra: Omit<Completion, "content"> = {}) => completion({ content: JSON.stringify(value), ...extra });

export const apiError = (status: number, message: string, headers: Record<string, string> = {}): FixtureResponse => ({
  status,
  headers,
  json: { error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", code: null } },
});

export interface OpenAiFixture {
  server: FixtureServer;
  /** Answers, in order; when they run out the default answer is used. */
  script(...responses: FixtureResponse[]): void;
  calls(): RecordedRequest[];
  /** The messages of the n-th call. */
  messages(n: number): { role: string; content: string }[];
  close(): Promise<void>;
}

export async function startOpenAiFixture(opts: { maxRetries?: number; prices?: [number, number] } = {}): Promise<OpenAiFixture> {
  const server = await startFixtureServer();
  let queue: FixtureResponse[] = [];
  server.on("POST", "/v1/chat/completions", () => queue.shift() ?? apiError(500, "no scripted answer left"));
  const saved = { ...process.env };
  process.env.OPENAI_API_KEY = "sk-test-fixture";
  process.env.OPENAI_BASE_URL = `${server.url}/v1`;
  process.env.OPENAI_MODEL = "fixture-model";
  process.env.AI_MAX_RETRIES = String(opts.maxRetries ?? 0);
  process.env.AI_PRICE_INPUT_PER_MTOK = String(opts.prices?.[0] ?? 2);
  process.env.AI_PRICE_OUTPUT_PER_MTOK = String(opts.prices?.[1] ?? 8);
  resetEnvCache();
  const calls = () => server.requests.filter((r) => r.path === "/v1/chat/completions");
  return {
    server,
    script: (...responses) => {
      queue = responses;
    },
    calls,
    messages: (n) => (calls()[n].body as { messages: { role: string; content: string }[] }).messages,
    close: async () => {
      for (const k of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "AI_MAX_RETRIES", "AI_PRICE_INPUT_PER_MTOK", "AI_PRICE_OUTPUT_PER_MTOK"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      resetEnvCache();
      await server.close();
    },
  };
}
