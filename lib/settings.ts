// A workspace's scheduler and live-update settings (docs/decisions.md, "Workspace settings"): what
// is stored per workspace (WorkspaceSettings, null = the deployment's default from lib/env.ts), the
// values in effect, and their changes through PUT /api/settings/{scheduler,engagement,live}.
// Readers: lib/posting/schedule.ts (retries of new posts), the claim statement (the retry delay,
// lib/scheduler/sql/claim.ts), the engagement sweep, /api/events, /api/heartbeat and
// /api/client-config — which the dashboard's live updates follow.
import type { Db } from "./db";
import { db } from "./db";
import { env, type Env } from "./env";
import { HeraldError, type FieldError } from "./errors";
import { BASE_RETRY_MINUTES, DEFAULT_MAX_RETRIES } from "./scheduler/backoff";
import type { EngagementSettingsInput, LiveSettingsInput, SchedulerSettingsInput } from "./validation/settings";

/** Each section's keys and the WorkspaceSettings column that stores them. */
const COLUMNS = {
  scheduler: { maxRetries: "maxRetries", retryBaseMinutes: "retryBaseMinutes" },
  engagement: { activeMs: "engagementActiveMs", idleMs: "engagementIdleMs" },
  live: {
    eventsPollMs: "eventsPollMs",
    pollActiveMs: "clientPollActiveMs",
    pollIdleMs: "clientPollIdleMs",
    idleThresholdMs: "clientIdleThresholdMs",
  },
} as const;

type Sections = typeof COLUMNS;
export type SettingsSection = keyof Sections;
type Column = { [S in SettingsSection]: Sections[S][keyof Sections[S]] }[SettingsSection];
type Stored = Record<Column, number | null>;
export type EffectiveSettings = { [S in SettingsSection]: Record<keyof Sections[S], number> };
type Inputs = { scheduler: SchedulerSettingsInput; engagement: EngagementSettingsInput; live: LiveSettingsInput };

/** The deployment's values: what a workspace without its own gets. */
export function defaultSettings(e: Env = env()): EffectiveSettings {
  return {
    scheduler: { maxRetries: DEFAULT_MAX_RETRIES, retryBaseMinutes: BASE_RETRY_MINUTES },
    engagement: { activeMs: e.ENGAGEMENT_ACTIVE_MIN_MS, idleMs: e.ENGAGEMENT_IDLE_MIN_MS },
    live: {
      eventsPollMs: e.EVENTS_POLL_MS,
      pollActiveMs: e.CLIENT_POLL_ACTIVE_MS,
      pollIdleMs: e.CLIENT_POLL_IDLE_MS,
      idleThresholdMs: e.CLIENT_IDLE_THRESHOLD_MS,
    },
  };
}

function sections<T>(each: (section: SettingsSection, key: string, column: Column) => T): Record<SettingsSection, Record<string, T>> {
  const out = {} as Record<SettingsSection, Record<string, T>>;
  for (const [section, keys] of Object.entries(COLUMNS) as [SettingsSection, Record<string, Column>][]) {
    out[section] = Object.fromEntries(Object.entries(keys).map(([key, column]) => [key, each(section, key, column)]));
  }
  return out;
}

function effective(stored: Partial<Stored> | null, defaults: EffectiveSettings): EffectiveSettings {
  return sections((section, key, column) => stored?.[column] ?? (defaults[section] as Record<string, number>)[key]) as EffectiveSettings;
}

/** The values in effect for a workspace (one primary-key read). */
export async function effectiveSettings(workspaceId: string, prisma: Db = db(), e: Env = env()): Promise<EffectiveSettings> {
  const row = await prisma.workspaceSettings.findUnique({ where: { workspaceId } });
  return effective(row, defaultSettings(e));
}

/** How often an open dashboard says it is there: well inside the idle threshold, at most once a minute. */
export function heartbeatMs(idleThresholdMs: number): number {
  return Math.min(60_000, Math.floor(idleThresholdMs / 3));
}

export interface SettingsView {
  /** What the scheduler and the dashboard use now. */
  values: EffectiveSettings;
  /** The deployment's defaults, for "reset" and the Settings page's hints. */
  defaults: EffectiveSettings;
  /** The workspace's own values (null: the default). */
  own: { [S in SettingsSection]: Record<keyof Sections[S], number | null> };
  updatedAt: Date | null;
}

function view(row: (Partial<Stored> & { updatedAt?: Date }) | null, e: Env): SettingsView {
  const defaults = defaultSettings(e);
  return {
    values: effective(row, defaults),
    defaults,
    own: sections((_s, _k, column) => row?.[column] ?? null) as SettingsView["own"],
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function getSettings(workspaceId: string, e: Env = env()): Promise<SettingsView> {
  return view(await db().workspaceSettings.findUnique({ where: { workspaceId } }), e);
}

/** Pairs whose first must not exceed the second once merged with the rest (someone watching never means slower). */
const ORDER: { [S in SettingsSection]?: [keyof Sections[S], keyof Sections[S], string][] } = {
  engagement: [["activeMs", "idleMs", "activeMs must not be longer than idleMs (someone watching must never mean slower updates)."]],
  live: [["pollActiveMs", "pollIdleMs", "pollActiveMs must not be longer than pollIdleMs (an open tab must not poll less often than a hidden one)."]],
};

/**
 * Changes one section: a key that is present sets its value (null: back to the default), an absent
 * key stays. The merged values are checked together under the row's lock, so two admins saving at
 * once cannot leave an active interval longer than the idle one.
 */
export async function putSettings<S extends SettingsSection>(
  workspaceId: string,
  section: S,
  input: Inputs[S],
  updatedBy: string,
  e: Env = env(),
): Promise<SettingsView> {
  const columns = COLUMNS[section] as Record<string, Column>;
  const data: Partial<Stored> = {};
  for (const [key, value] of Object.entries(input as Record<string, number | null | undefined>)) {
    if (value !== undefined) data[columns[key]] = value;
  }
  const row = await db().$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "WorkspaceSettings" ("workspaceId", "updatedAt") VALUES (${workspaceId}, now()) ON CONFLICT DO NOTHING`;
    const [current] = await tx.$queryRaw<Stored[]>`SELECT * FROM "WorkspaceSettings" WHERE "workspaceId" = ${workspaceId} FOR UPDATE`;
    const merged = effective({ ...current, ...data }, defaultSettings(e))[section] as Record<string, number>;
    const fields: FieldError[] = (ORDER[section] ?? []).flatMap(([a, b, message]) =>
      merged[a as string] > merged[b as string] ? [{ path: a as string, message }] : [],
    );
    if (fields.length) throw new HeraldError("validation_failed", "The request is invalid.", { fields });
    return tx.workspaceSettings.update({ where: { workspaceId }, data: { ...data, updatedBy } });
  });
  return view(row, e);
}
