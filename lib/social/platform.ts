// What Herald knows about one network, as one record (docs/design.md, "Platforms"): each
// lib/social/<platform>/index.ts exports one, and lib/social/registry.ts is the only place that
// lists them. A new network is one folder here plus its name in the Platform enum.
import type { z } from "zod";
import type { Db } from "../db";
import type { Env } from "../env";
import type { PlatformSpec } from "./spec";
import type { AccountContext, PlatformAdapter } from "./types";

export interface AdapterDeps {
  prisma: Db;
  now?: () => Date;
  /** The platform API's base URL (X, Graph, LinkedIn); Bluesky and Mastodon take theirs from credentials. */
  baseUrl?: string;
}

/** An account made from the seeds' environment variables (lib/social/env-fallback.ts). */
export interface EnvAccount {
  handle: string;
  credentials: Record<string, string>;
}

export interface PlatformModule {
  /** Limits, counting, media and image rules, label, style: data, safe to send to the browser. */
  spec: PlatformSpec;
  /** The shape of stored credentials; null while Herald publishes there only in simulation. */
  credentials: z.ZodType<Record<string, unknown>> | null;
  /** The credential field that names a server Herald will call (checked against private addresses). */
  addressField?: string;
  /** The real adapter; absent while Herald has none (an account with credentials then fails readably). */
  adapter?: (account: Pick<AccountContext, "credentials">, deps: AdapterDeps) => PlatformAdapter;
  /** The seeds' environment variables as one account, when all that it needs are set. */
  fromEnv?: (e: Env) => EnvAccount | null;
}

/** The values when every one is set, else null. */
export function allSet(values: Record<string, string | undefined>): Record<string, string> | null {
  return Object.values(values).every((v) => v) ? (values as Record<string, string>) : null;
}
