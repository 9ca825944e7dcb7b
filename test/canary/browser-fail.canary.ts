// Runner check (scripts/check-test-runner.sh): a failing browser test — the built app on
// `next start`, Debian's chromium — must make `vitest run` exit non-zero, with both ended.
import { expect, test } from "vitest";
import { startApp } from "../browser/support/harness";

const app = startApp();

test("canary: the sign-in page, asserted wrongly", async () => {
  const page = await app.newPage();
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("This is not Herald's sign-in page");
});
