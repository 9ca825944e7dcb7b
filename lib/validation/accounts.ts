// zod schemas for social accounts.
import { z } from "zod";
import { SimulationSchema } from "./simulation";
import { PlatformEnum } from "./tasks";

const Credentials = z.record(z.string().max(100), z.string().max(10_000)).refine((c) => Object.keys(c).length <= 20, "Too many fields.");

export const CreateAccountInput = z
  .object({
    platform: PlatformEnum,
    handle: z.string().trim().min(1).max(200),
    displayName: z.string().trim().max(200).optional(),
    /** Omit to run the account in simulation mode. Checked against the platform's shape. */
    credentials: Credentials.optional(),
    tokenExpiresAt: z.iso.datetime({ offset: true }).optional(),
    simulation: SimulationSchema.optional(),
  })
  .strict();
export type CreateAccountInput = z.infer<typeof CreateAccountInput>;

export const UpdateAccountInput = z
  .object({
    displayName: z.string().trim().max(200).optional(),
    /** New credentials reconnect the account; null switches it to simulation mode. */
    credentials: Credentials.nullable().optional(),
    tokenExpiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
    simulation: SimulationSchema.nullable().optional(),
  })
  .strict();
export type UpdateAccountInput = z.infer<typeof UpdateAccountInput>;

/** POST /api/accounts/oauth/:platform/start — Mastodon needs the user's server, Bluesky the handle. */
export const OAuthStartInput = z
  .object({ instanceUrl: z.string().trim().max(300).optional(), handle: z.string().trim().max(300).optional() })
  .strict();
export type OAuthStartInput = z.infer<typeof OAuthStartInput>;

/** The accounts chosen from a sign-in that offered several (POST /api/accounts/oauth/pick). */
export const OAuthPickInput = z
  .object({
    key: z.string().trim().min(1, "The list of accounts to choose from is missing; start connecting again.").max(200),
    choices: z.array(z.string().trim().min(1).max(300)).max(500),
  })
  .strict();
export type OAuthPickInput = z.infer<typeof OAuthPickInput>;
