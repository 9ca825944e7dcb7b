// Small assertions shared by the adapter tests.
import { expect } from "vitest";
import { PlatformError } from "../../lib/social/types";

/** Awaits a call that must fail with a PlatformError, and returns that error. */
export async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the call should have failed with a PlatformError").toBeInstanceOf(PlatformError);
  return err as PlatformError;
}
