// An account's stored credentials, read by its platform's schema. Anything that does not fit is an
// auth failure asking for a reconnect (the scheduler then marks the account needs_reconnect), with
// a message each platform words for its own people.
import type { z } from "zod";
import { PlatformError, type AccountContext } from "./types";

export function storedCredentials<T>(schema: z.ZodType<T>, account: AccountContext, problem: (issues: z.core.$ZodIssue[]) => string): T {
  const parsed = schema.safeParse(account.credentials ?? {});
  if (!parsed.success) throw new PlatformError("auth", "credentials_invalid", problem(parsed.error.issues));
  return parsed.data;
}

/** "path: message" of the first issue, for messages that name what is wrong. */
export const firstIssue = (issues: z.core.$ZodIssue[]) => `${issues[0]?.path.join(".") || "credentials"}: ${issues[0]?.message}`;
