// Runner check (scripts/check-test-runner.sh): this test must pass, and `vitest run` must then
// exit 0 — so a runner that always fails is caught as well as one that never does.
import { expect, test } from "vitest";
import { db } from "../../lib/db";

test("canary: the per-file database answers", async () => {
  const [row] = await db().$queryRaw<{ n: number }[]>`SELECT 1 + 1 AS n`;
  expect(row.n).toBe(2);
});
