// Simulation mode: used for every account without credentials. Ids and metrics are deterministic,
// every result says `simulated: true`, and the "platform" keeps what it published in the
// SimulatedPost table so reconciliation can prove presence or absence, just like a real one.
// Failures can be injected per account (SocialAccount.simulation) or per task (config.simulate).
import { createHash } from "node:crypto";
import type { Db } from "../db";
import type { PlatformSpec } from "./spec";
import { validateContent } from "./spec";
import {
  PlatformError,
  type Metrics,
  type PlatformAdapter,
  type PublishInput,
  type PublishResult,
  type SimulationConfig,
} from "./types";
import { clock } from "../clock";
import { sleep } from "../sleep";

function hash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A number in [0, 1) fixed by the inputs: the same task and attempt always decide the same way. */
export function unitInterval(...parts: string[]): number {
  return parseInt(hash(...parts).slice(0, 12), 16) / 2 ** 48;
}

export function simulatedPostId(platform: string, accountId: string, key: string): string {
  return `sim_${platform}_${hash(accountId, key).slice(0, 20)}`;
}

/** Whether a platform post id was made by simulation (simulatedPostId), not by a network. */
export function isSimulatedPostId(id: string | null | undefined): boolean {
  return !!id && id.startsWith("sim_");
}

/**
 * A published target's page to link to: http(s) only (a WhatsApp broadcast's "url" is
 * whatsapp:message/…, no page), and never a simulated post's, which leads nowhere.
 */
export function targetPageUrl(t: { url: string | null; platformPostId: string | null }): string | null {
  return !isSimulatedPostId(t.platformPostId) && t.url && /^https?:\/\//.test(t.url) ? t.url : null;
}


function injectedFailure(cfg: SimulationConfig, now: Date): PlatformError {
  switch (cfg.failureClass) {
    case "transient":
      return new PlatformError("transient", "simulated_server_error", "Simulated platform error (HTTP 503).", {
        httpStatus: 503,
      });
    case "rate_limited":
      return new PlatformError("rate_limited", "simulated_rate_limit", "Simulated rate limit (HTTP 429).", {
        httpStatus: 429,
        retryAt: new Date(now.getTime() + (cfg.retryAfterS ?? 900) * 1000),
      });
    case "auth":
      return new PlatformError("auth", "simulated_auth_revoked", "Simulated revoked token (HTTP 401).", {
        httpStatus: 401,
      });
    case "permanent":
      return new PlatformError("permanent", "simulated_rejected", "Simulated rejection of the post (HTTP 400).", {
        httpStatus: 400,
      });
    case "in_doubt":
      return new PlatformError("in_doubt", "simulated_timeout_after_send", "Simulated timeout after the post was sent.");
  }
}

export function createSimulatedAdapter(
  spec: PlatformSpec,
  deps: { prisma: Db; now?: () => Date },
): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const resultFor = (id: string, handle: string): PublishResult => ({
    platformPostId: id,
    url: spec.permalink(handle, id),
    simulated: true,
  });

  async function record(input: PublishInput): Promise<string> {
    const { account, idempotencyKey, content } = input;
    const id = simulatedPostId(spec.platform, account.id, idempotencyKey);
    // Like a platform honouring an idempotency key: a second delivery creates nothing new, but
    // is counted, so a test can prove that Herald never delivered twice.
    await deps.prisma.$executeRaw`
      INSERT INTO "SimulatedPost" (id, "workspaceId", "accountId", platform, "idempotencyKey", text, "createdAt")
      VALUES (${id}, ${account.workspaceId}, ${account.id}, ${spec.platform}::"Platform", ${idempotencyKey}, ${content.text}, ${now()}::timestamp)
      ON CONFLICT ("accountId", "idempotencyKey") DO UPDATE SET deliveries = "SimulatedPost".deliveries + 1`;
    return id;
  }

  return {
    platform: spec.platform,
    simulated: true,
    validate: (content) => validateContent(spec, content),

    async publish(input) {
      const cfg = input.account.simulation;
      if (cfg?.latencyMs) await sleep(cfg.latencyMs, input.signal);
      const fails = cfg && cfg.failRate > 0 && unitInterval(input.idempotencyKey, String(input.attempt)) < cfg.failRate;
      if (fails && cfg.failureClass !== "in_doubt") throw injectedFailure(cfg, now());
      const id = await record(input);
      if (fails) throw injectedFailure(cfg, now());
      const result = resultFor(id, input.account.handle);
      if (input.content.thread?.length) {
        result.threadIds = input.content.thread.map((_, i) => `${id}_${i + 1}`);
      }
      return result;
    },

    async metrics({ account, platformPostId }): Promise<Metrics> {
      const row = await deps.prisma.simulatedPost.findFirst({
        where: { id: platformPostId, accountId: account.id },
        select: { createdAt: true },
      });
      if (!row) throw new PlatformError("permanent", "not_found", "The simulated post does not exist.", { httpStatus: 404 });
      // Grows with the post's age, shaped by its id: deterministic for a given moment.
      const hours = Math.max(0, (now().getTime() - row.createdAt.getTime()) / 3_600_000);
      const appeal = 0.5 + unitInterval(platformPostId);
      const growth = Math.log1p(hours * 4);
      return {
        likes: Math.floor(12 * appeal * growth),
        reposts: Math.floor(3 * appeal * growth),
        replies: Math.floor(2 * appeal * growth),
        impressions: Math.floor(400 * appeal * growth),
        simulated: true,
      };
    },

    async reconcile({ account, idempotencyKey }) {
      if (account.simulation?.unverifiable) {
        return { state: "unknown", reason: "the simulated platform offers no way to look the post up" };
      }
      const row = await deps.prisma.simulatedPost.findUnique({
        where: { accountId_idempotencyKey: { accountId: account.id, idempotencyKey } },
        select: { id: true },
      });
      return row ? { state: "found", result: resultFor(row.id, account.handle) } : { state: "absent" };
    },

    async refresh() {
      return null;
    },

    classify(err) {
      if (err instanceof PlatformError) return err;
      return new PlatformError("transient", "simulation_error", (err as Error)?.message ?? "Unknown simulation error.", {
        cause: err,
      });
    },
  };
}
