// Per-API-key rate limits (docs/decisions.md, "API rate limits"): X-RateLimit-* on every answer to
// a key, errors included; 429 with Retry-After once the burst is spent; the allowance refills at
// limit/minute; keys are counted apart; the limit holds under concurrent requests.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as tasks from "../../app/api/agent/tasks/route";
import * as task from "../../app/api/agent/tasks/[id]/route";
import * as schedule from "../../app/api/agent/schedule/route";
import { authenticateApiKey, HOLD_MS, maxBlock, newRateLimitPool, type RateLimitPool } from "../../lib/auth/api-keys";
import { resetClock, setClock } from "../../lib/clock";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { params, req, workspaceWithKey } from "../support/factories";

const T0 = new Date("2031-03-04T05:06:07.000Z");
const at = (ms: number) => setClock(new Date(T0.getTime() + ms));
let saved: string | undefined;

beforeEach(() => {
  saved = process.env.API_RATE_LIMIT_PER_MINUTE;
  process.env.API_RATE_LIMIT_PER_MINUTE = "6"; // one request every 10 s, bursts of 6
  resetEnvCache();
  setClock(T0);
});
afterEach(() => {
  if (saved === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
  else process.env.API_RATE_LIMIT_PER_MINUTE = saved;
  resetEnvCache();
  resetClock();
});

const list = (key: string) => tasks.GET(req("GET", "/api/agent/tasks", { key }));
const headers = (res: Response) => ({
  limit: res.headers.get("x-ratelimit-limit"),
  remaining: res.headers.get("x-ratelimit-remaining"),
  reset: res.headers.get("x-ratelimit-reset"),
  retryAfter: res.headers.get("retry-after"),
});

describe("API key rate limit", () => {
  it("counts down, refuses the seventh request with 429 and Retry-After, and refills over the minute", async () => {
    const { key } = await workspaceWithKey();
    const seen: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await list(key);
      expect(res.status).toBe(200);
      seen.push(headers(res).remaining);
      expect(headers(res).limit).toBe("6");
      expect(headers(res).retryAfter).toBeNull();
    }
    expect(seen).toEqual(["5", "4", "3", "2", "1", "0"]);

    const refused = await list(key);
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/6 requests a minute/);
    expect(headers(refused)).toMatchObject({ limit: "6", remaining: "0", retryAfter: "10" });
    // The whole allowance is back 60 s after the burst began.
    expect(Number(headers(refused).reset)).toBe(Math.ceil((T0.getTime() + 60_000) / 1000));

    // Hammering while refused does not push the next slot further out.
    for (let i = 0; i < 3; i++) expect((await list(key)).status).toBe(429);
    at(9_999);
    expect((await list(key)).status).toBe(429);
    at(10_000);
    const next = await list(key);
    expect(next.status).toBe(200);
    expect(headers(next).remaining).toBe("0");
    at(70_000);
    expect(headers(await list(key)).remaining).toBe("5");
  });

  it("puts the figures on error answers too (404, 400)", async () => {
    const { key } = await workspaceWithKey();
    const missing = await task.GET(req("GET", "/api/agent/tasks/nope", { key }), params({ id: "nope" }));
    expect(missing.status).toBe(404);
    expect(headers(missing)).toMatchObject({ limit: "6", remaining: "5" });
    const invalid = await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { platform: "nowhere" } }));
    expect(invalid.status).toBe(400);
    expect(headers(invalid)).toMatchObject({ limit: "6", remaining: "4" });
  });

  it("counts each key on its own, and sends no figures without a valid key", async () => {
    const a = await workspaceWithKey();
    const b = await workspaceWithKey();
    for (let i = 0; i < 6; i++) await list(a.key);
    expect((await list(a.key)).status).toBe(429);
    const other = await list(b.key);
    expect(other.status).toBe(200);
    expect(headers(other).remaining).toBe("5");
    const anonymous = await list("hk_not-a-real-key");
    expect(anonymous.status).toBe(401);
    expect(headers(anonymous).limit).toBeNull();
  });

  it("lets exactly the burst through when requests arrive at once", async () => {
    const { key } = await workspaceWithKey();
    const statuses = await Promise.all(Array.from({ length: 20 }, () => list(key).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(14);
  });

  it("is off at 0: no figures, nothing refused, nothing written per request", async () => {
    const { key, workspace } = await workspaceWithKey();
    for (let i = 0; i < 10; i++) {
      const caller = await authenticateApiKey(key, { perMinute: 0 });
      expect(caller?.rate).toBeNull();
    }
    // Switched off, the limit costs no write (docs/benchmarks.md §8 measures what it costs on).
    expect(await db().apiKeyRateLimit.count({ where: { apiKey: { workspaceId: workspace.id } } })).toBe(0);
    const res = await authenticateApiKey(key, { perMinute: 6 });
    expect(res?.rate?.remaining).toBe(5);
  });

  describe("in blocks (a busy instance steps the key's row once for several requests)", () => {
    const perMinute = 600; // one request every 100 ms, bursts of 600, blocks of up to 10
    const ask = (key: string, pool: RateLimitPool) => authenticateApiKey(key, { perMinute }, pool);
    /** How many of the statements `fn` sends step the key's rate limit row. */
    async function steps<T>(fn: () => Promise<T>): Promise<{ result: T; steps: number }> {
      const spy = vi.spyOn(db(), "$queryRaw");
      try {
        const result = await fn();
        const text = (c: unknown[]) => c.map((x) => (x && typeof x === "object" && "sql" in x ? String(x.sql) : String(x))).join(" ");
        const steps = spy.mock.calls.filter((c) => text(c).includes('INSERT INTO "ApiKeyRateLimit"')).length;
        return { result, steps };
      } finally {
        spy.mockRestore();
      }
    }

    it("lets exactly the limit through one instance, counting down by one, with a tenth of the steps", async () => {
      expect(maxBlock(perMinute)).toBe(10);
      const { key } = await workspaceWithKey();
      const pool = newRateLimitPool();
      const { result: remaining, steps: n } = await steps(async () => {
        const seen: (number | null)[] = [];
        for (let i = 0; i < 620; i++) {
          const caller = await ask(key, pool);
          seen.push(caller?.rate?.retryAfterMs == null ? caller!.rate!.remaining : null);
        }
        return seen;
      });
      expect(remaining.slice(0, 600)).toEqual(Array.from({ length: 600 }, (_, i) => 599 - i));
      expect(remaining.slice(600)).toEqual(Array(20).fill(null));
      // Blocks of 1, 2, 4, 8, then 10: 4 + 59 steps for the 600; the first refusal is remembered
      // until its Retry-After, so the 19 after it cost no step.
      expect(n).toBe(64);
    });

    it("serves requests that arrive together on one instance from one step at a time, stranding nothing", async () => {
      const { key } = await workspaceWithKey();
      const pool = newRateLimitPool();
      const { result: through, steps: n } = await steps(async () => {
        let ok = 0;
        for (let wave = 0; wave < 14; wave++) {
          const callers = await Promise.all(Array.from({ length: 50 }, () => ask(key, pool)));
          ok += callers.filter((c) => c?.rate?.retryAfterMs == null).length;
        }
        return ok;
      });
      expect(through).toBe(600);
      // As one request at a time would: 63 steps for the 600, one refusal, and the 99 requests
      // refused after it answered from the refusal the instance remembers.
      expect(n).toBe(64);
    });

    it("never lets two instances together past the limit, and strands at most a block each", async () => {
      const { key } = await workspaceWithKey();
      const a = newRateLimitPool();
      const b = newRateLimitPool();
      let through = 0;
      for (let i = 0; i < 700; i++) {
        const caller = await ask(key, i % 3 === 0 ? b : a);
        if (caller?.rate?.retryAfterMs == null) through++;
      }
      expect(through).toBeLessThanOrEqual(600);
      expect(through).toBeGreaterThanOrEqual(600 - 2 * maxBlock(perMinute));
    });

    it("gives back what an instance held unspent with its next step", async () => {
      const { key } = await workspaceWithKey();
      const a = newRateLimitPool();
      // Eight requests take blocks of 1, 2, 4 and 8: 15 taken, 7 held unspent, the row 1.5 s ahead.
      for (let i = 0; i < 8; i++) expect((await ask(key, a))?.rate?.retryAfterMs).toBeNull();
      at(HOLD_MS + 1);
      // Expired: the next request steps again, gives the 7 back and takes 1.
      expect((await ask(key, a))?.rate?.retryAfterMs).toBeNull();
      // Another instance then finds 599 of the window's 600 free (594 if the 7 were lost).
      const b = newRateLimitPool();
      let through = 0;
      for (let i = 0; i < 620; i++) if ((await ask(key, b))?.rate?.retryAfterMs == null) through++;
      expect(through).toBe(599);
    });

    it("works with an interval that is not a whole number of milliseconds (the bench's 1,000,000 a minute)", async () => {
      const { key } = await workspaceWithKey();
      const pool = newRateLimitPool();
      const { result: through, steps: n } = await steps(async () => {
        let ok = 0;
        for (let i = 0; i < 300; i++) if ((await authenticateApiKey(key, { perMinute: 1_000_000 }, pool))?.rate?.retryAfterMs == null) ok++;
        return ok;
      });
      expect(through).toBe(300);
      // Blocks of 1, 2, 4, … 64, then 100: 7 + 2 steps.
      expect(n).toBe(9);
    });

    it("serves nothing held for a revoked key", async () => {
      const { key, workspace } = await workspaceWithKey();
      const pool = newRateLimitPool();
      for (let i = 0; i < 4; i++) await ask(key, pool); // holds 3 of a block of 4
      await db().apiKey.updateMany({ where: { workspaceId: workspace.id }, data: { revokedAt: T0 } });
      expect(await ask(key, pool)).toBeNull();
    });
  });
});
