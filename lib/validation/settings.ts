// zod schemas for a workspace's scheduler and live-update settings (docs/decisions.md, "Workspace
// settings"). Each value may be null: "use the deployment's default" (lib/env.ts). The bounds are
// narrower than the environment's: a workspace may slow Herald down, but not make it hammer the
// database or a network's API, nor retry a failing post for days.
import { z } from "zod";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function between(name: string, min: number, max: number, unit: "ms" | "count" | "minutes") {
  const say = (n: number) => (unit === "ms" ? `${n} ms` : unit === "minutes" ? `${n} minutes` : String(n));
  return z
    .number({ message: `${name} must be a number, or null for the default.` })
    .int(`${name} must be a whole number.`)
    .min(min, `${name} must be at least ${say(min)}.`)
    .max(max, `${name} must be at most ${say(max)}.`)
    .nullable()
    .optional();
}

/** The limits of each value, for the API's answers and the Settings page's inputs. */
export const SETTING_BOUNDS = {
  maxRetries: { min: 0, max: 5 },
  retryBaseMinutes: { min: 1, max: 60 },
  engagementActiveMs: { min: 5 * MIN, max: DAY },
  engagementIdleMs: { min: 30 * MIN, max: 7 * DAY },
  eventsPollMs: { min: 1000, max: MIN },
  clientPollActiveMs: { min: 5000, max: HOUR },
  clientPollIdleMs: { min: 30_000, max: HOUR },
  clientIdleThresholdMs: { min: MIN, max: DAY },
} as const;
const b = SETTING_BOUNDS;

/** PUT /api/settings/scheduler: retries of a failed publish (for posts scheduled from now on) and the first retry's delay. */
export const SchedulerSettingsInput = z
  .object({
    maxRetries: between("maxRetries", b.maxRetries.min, b.maxRetries.max, "count"),
    retryBaseMinutes: between("retryBaseMinutes", b.retryBaseMinutes.min, b.retryBaseMinutes.max, "minutes"),
  })
  .strict();

/** PUT /api/settings/engagement: how stale a recent post's numbers may get while someone watches / nobody does. */
export const EngagementSettingsInput = z
  .object({
    activeMs: between("activeMs", b.engagementActiveMs.min, b.engagementActiveMs.max, "ms"),
    idleMs: between("idleMs", b.engagementIdleMs.min, b.engagementIdleMs.max, "ms"),
  })
  .strict();

/** PUT /api/settings/live: the dashboard's live updates. */
export const LiveSettingsInput = z
  .object({
    eventsPollMs: between("eventsPollMs", b.eventsPollMs.min, b.eventsPollMs.max, "ms"),
    pollActiveMs: between("pollActiveMs", b.clientPollActiveMs.min, b.clientPollActiveMs.max, "ms"),
    pollIdleMs: between("pollIdleMs", b.clientPollIdleMs.min, b.clientPollIdleMs.max, "ms"),
    idleThresholdMs: between("idleThresholdMs", b.clientIdleThresholdMs.min, b.clientIdleThresholdMs.max, "ms"),
  })
  .strict();

export type SchedulerSettingsInput = z.infer<typeof SchedulerSettingsInput>;
export type EngagementSettingsInput = z.infer<typeof EngagementSettingsInput>;
export type LiveSettingsInput = z.infer<typeof LiveSettingsInput>;
