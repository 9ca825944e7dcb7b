import { describe, expect, it } from "vitest";
import { backoffDelayMs, nextRetryAt } from "../../lib/scheduler/backoff";
import { budgetMs, leaseMs, mayClaim, PROCESS_MAX_DURATION_S, SAFETY_MARGIN_MS } from "../../lib/scheduler/budget";
import { decideOnFailure } from "../../lib/scheduler/decide";
import * as processRoute from "../../app/api/agent/process/route";
import * as scheduleRoute from "../../app/api/agent/schedule/route";
import * as retryRoute from "../../app/api/agent/tasks/[id]/retry/route";
import * as approveRoute from "../../app/api/posts/[id]/approve/route";

const now = new Date("2026-11-22T10:00:00Z");
const min = 60_000;

describe("backoff", () => {
  it("waits 5, 15, 45 minutes after the first three failures", () => {
    expect([1, 2, 3].map((n) => backoffDelayMs(n))).toEqual([5 * min, 15 * min, 45 * min]);
  });

  it("starts from a workspace's own first delay, keeping the factor and the one-day cap", () => {
    expect([1, 2, 3].map((n) => backoffDelayMs(n, 2 * min))).toEqual([2 * min, 6 * min, 18 * min]);
    expect(backoffDelayMs(5, 60 * min)).toBe(24 * 60 * min);
    expect(nextRetryAt(now, 2, 3, undefined, 10 * min)?.toISOString()).toBe("2026-11-22T10:30:00.000Z");
    expect(decideOnFailure({ failureClass: "transient", code: "x", message: "" }, { retryCount: 0, maxRetries: 3, retryBaseMs: 1 * min }, now)).toEqual({
      action: "retry",
      at: new Date(now.getTime() + min),
      failures: 1,
    });
  });

  it("gives up after maxRetries failures", () => {
    expect(nextRetryAt(now, 3, 3)?.toISOString()).toBe("2026-11-22T10:45:00.000Z");
    expect(nextRetryAt(now, 4, 3)).toBeNull();
    expect(nextRetryAt(now, 1, 0)).toBeNull();
  });

  it("lets a later platform reset time win, but never an earlier one", () => {
    const later = new Date(now.getTime() + 60 * min);
    const earlier = new Date(now.getTime() + 1 * min);
    expect(nextRetryAt(now, 1, 3, later)).toEqual(later);
    expect(nextRetryAt(now, 1, 3, earlier)).toEqual(new Date(now.getTime() + 5 * min));
  });

  it("caps long backoffs at a day and rejects nonsense", () => {
    expect(backoffDelayMs(20)).toBe(24 * 60 * min);
    expect(() => backoffDelayMs(0)).toThrow(RangeError);
  });
});

describe("failure classification", () => {
  const task = { retryCount: 0, maxRetries: 3 };

  it("retries transient failures with backoff", () => {
    expect(decideOnFailure({ failureClass: "transient", code: "x", message: "" }, task, now)).toEqual({
      action: "retry",
      at: new Date(now.getTime() + 5 * min),
      failures: 1,
    });
  });

  it("retries rate limits at the platform's reset time", () => {
    const reset = new Date(now.getTime() + 90 * min);
    const d = decideOnFailure({ failureClass: "rate_limited", code: "x", message: "", retryAt: reset }, task, now);
    expect(d).toEqual({ action: "retry", at: reset, failures: 1 });
  });

  it("fails auth and permanent errors at once", () => {
    expect(decideOnFailure({ failureClass: "auth", code: "x", message: "" }, task, now).action).toBe("fail");
    expect(decideOnFailure({ failureClass: "permanent", code: "x", message: "" }, task, now).action).toBe("fail");
  });

  it("sends in-doubt failures to reconciliation, never straight to a retry", () => {
    expect(decideOnFailure({ failureClass: "in_doubt", code: "x", message: "" }, task, now)).toEqual({ action: "reconcile" });
  });

  it("fails a transient error once retries are used up", () => {
    const d = decideOnFailure({ failureClass: "transient", code: "x", message: "" }, { retryCount: 3, maxRetries: 3 }, now);
    expect(d).toEqual({ action: "fail", failures: 4 });
  });
});

describe("time budget", () => {
  it("never exceeds the function's lifetime and keeps a margin", () => {
    expect(budgetMs(300)).toBe(300_000 - SAFETY_MARGIN_MS);
    expect(budgetMs(300, 25_000)).toBe(25_000);
    expect(budgetMs(30, 999_999)).toBe(30_000 - SAFETY_MARGIN_MS);
  });

  it("stops claiming when one more publish would not fit before the function is killed", () => {
    const hard = 100_000;
    expect(mayClaim(hard - 20_000 - SAFETY_MARGIN_MS, hard, hard, 20_000)).toBe(true);
    expect(mayClaim(hard - 20_000 - SAFETY_MARGIN_MS + 1, hard, hard, 20_000)).toBe(false);
  });

  it("keeps claiming until a short budget ends when the function may live longer (cron-job.org)", () => {
    const start = 0;
    const soft = start + 25_000; // ?budget=25
    const hard = start + 298_000; // maxDuration 300 s less the margin
    expect(mayClaim(24_999, soft, hard, 20_000)).toBe(true);
    expect(mayClaim(25_000, soft, hard, 20_000)).toBe(false);
  });

  it("leases outlive the route's maxDuration, which matches the scheduler's constant", () => {
    expect(processRoute.maxDuration).toBe(PROCESS_MAX_DURATION_S);
    // Routes that publish after their response (publish now) live as long as a process call.
    for (const route of [scheduleRoute, retryRoute, approveRoute]) expect(route.maxDuration).toBe(PROCESS_MAX_DURATION_S);
    expect(leaseMs(PROCESS_MAX_DURATION_S)).toBeGreaterThan(PROCESS_MAX_DURATION_S * 1000);
  });
});
