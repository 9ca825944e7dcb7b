// Runner check (scripts/check-test-runner.sh): a failure after real database work, with the test
// file's database open, must still make `vitest run` exit non-zero.
import { expect, test } from "vitest";
import { db } from "../../lib/db";

test("canary: a query's answer, asserted wrongly", async () => {
  const [row] = await db().$queryRaw<{ n: number }[]>`SELECT 1 + 1 AS n`;
  expect(row.n).toBe(3);
});
