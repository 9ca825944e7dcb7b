// The language model behind the agent: the `openai` SDK against any OpenAI-compatible endpoint
// (OPENAI_BASE_URL: OpenRouter, a local server, …), or nothing at all — then the agent simulates.
import OpenAI from "openai";
import { env } from "../env";
import { HeraldError } from "../errors";
import type { FailureClass } from "../social/types";
import { clock } from "../clock";

export interface AiConfig {
  /** Null: no key, the agent runs its deterministic simulation. */
  apiKey: string | null;
  baseURL?: string;
  model: string;
  /** US dollars per million tokens. */
  priceInPerMTok: number;
  priceOutPerMTok: number;
  timeoutMs: number;
  maxRetries: number;
  defaultCapUsd: number;
}

export function aiConfig(): AiConfig {
  const e = env();
  return {
    apiKey: e.OPENAI_API_KEY ?? null,
    baseURL: e.OPENAI_BASE_URL,
    model: e.OPENAI_MODEL,
    priceInPerMTok: e.AI_PRICE_INPUT_PER_MTOK,
    priceOutPerMTok: e.AI_PRICE_OUTPUT_PER_MTOK,
    timeoutMs: e.AI_TIMEOUT_MS,
    maxRetries: e.AI_MAX_RETRIES,
    defaultCapUsd: e.AI_MONTHLY_CAP_USD,
  };
}

export const SIMULATED_MODEL = "herald-simulation";

export const SIMULATION_NOTICE =
  "AI simulation: no OPENAI_API_KEY is set, so this text comes from Herald's built-in templates, not a language model.";

let cached: { key: string; client: OpenAI } | undefined;

export function openaiClient(cfg: AiConfig): OpenAI {
  if (!cfg.apiKey) throw new Error("openaiClient() needs an API key; check aiConfig().apiKey first.");
  const key = `${cfg.apiKey}\u0000${cfg.baseURL ?? ""}\u0000${cfg.timeoutMs}\u0000${cfg.maxRetries}`;
  if (cached?.key !== key) {
    cached = {
      key,
      client: new OpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseURL, timeout: cfg.timeoutMs, maxRetries: cfg.maxRetries }),
    };
  }
  return cached.client;
}

/** Estimated cost of one call in millionths of a US dollar. */
export function costMicros(cfg: Pick<AiConfig, "priceInPerMTok" | "priceOutPerMTok">, promptTokens: number, completionTokens: number): number {
  return Math.round(promptTokens * cfg.priceInPerMTok + completionTokens * cfg.priceOutPerMTok);
}

export type AiErrorKind =
  | "budget_exhausted"
  | "rate_limited"
  | "unavailable"
  | "auth"
  | "bad_request"
  | "refused"
  | "invalid_output";

/** A failure of the agent, with how the scheduler should treat it and how an API should answer. */
export class AiError extends Error {
  readonly kind: AiErrorKind;
  readonly retryAt?: Date;
  readonly httpStatus?: number;

  constructor(kind: AiErrorKind, message: string, opts: { retryAt?: Date; httpStatus?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "AiError";
    this.kind = kind;
    this.retryAt = opts.retryAt;
    this.httpStatus = opts.httpStatus;
  }

  /** For a task: rate limits and outages are retried; everything else needs a person. */
  get failureClass(): FailureClass {
    if (this.kind === "rate_limited") return "rate_limited";
    if (this.kind === "unavailable") return "transient";
    if (this.kind === "auth") return "auth";
    return "permanent";
  }

  get code(): string {
    return `ai_${this.kind}`;
  }

  toHeraldError(): HeraldError {
    switch (this.kind) {
      case "budget_exhausted":
        return new HeraldError("budget_exhausted", this.message);
      case "rate_limited":
        return new HeraldError("rate_limited", this.message, {
          details: this.retryAt ? { retryAt: this.retryAt.toISOString() } : undefined,
        });
      case "refused":
      case "invalid_output":
        return new HeraldError("validation_failed", this.message, { details: { reason: this.code } });
      default:
        return new HeraldError("upstream_failed", this.message, { details: { reason: this.code } });
    }
  }
}

function retryAtFrom(headers: Headers | undefined, now: Date): Date | undefined {
  const ra = headers?.get("retry-after");
  if (!ra) return undefined;
  const s = Number(ra);
  if (Number.isFinite(s)) return new Date(now.getTime() + Math.max(0, s) * 1000);
  const d = new Date(ra);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Turns whatever the SDK threw (after its own retries) into an AiError. Never leaks the key. */
export function classifyOpenAiError(err: unknown, now = clock.now()): AiError {
  if (err instanceof AiError) return err;
  if (err instanceof OpenAI.APIConnectionError) {
    return new AiError("unavailable", "The AI provider could not be reached; Herald will try again.", { cause: err });
  }
  if (err instanceof OpenAI.APIError) {
    const status = err.status;
    if (status === 429) {
      return new AiError("rate_limited", "The AI provider is rate-limiting Herald; generation will be tried again later.", {
        retryAt: retryAtFrom(err.headers, now),
        httpStatus: status,
        cause: err,
      });
    }
    if (status === 401 || status === 403) {
      return new AiError("auth", "The AI provider rejected Herald's API key (check OPENAI_API_KEY).", { httpStatus: status, cause: err });
    }
    if (status !== undefined && status >= 500) {
      return new AiError("unavailable", `The AI provider had an error (HTTP ${status}); Herald will try again.`, { httpStatus: status, cause: err });
    }
    return new AiError("bad_request", `The AI provider refused the request (HTTP ${status ?? "?"}).`, { httpStatus: status, cause: err });
  }
  return new AiError("unavailable", "The AI call failed unexpectedly; Herald will try again.", { cause: err });
}
