// Runner check (scripts/check-test-runner.sh): this test must fail, and `vitest run` must then
// exit non-zero. Never part of the suite (vitest.config.ts includes canaries only on request).
import { expect, test } from "vitest";

test("canary: a plain assertion that fails", () => {
  expect(1 + 1).toBe(3);
});
