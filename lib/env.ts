// Environment, validated once. No other module reads process.env for configuration
// (tests and scripts may set variables before the first call).
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const optionalUrl = optionalString.pipe(z.url().optional());

const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

/** Milliseconds with readable messages (env() prefixes the variable's name); blank counts as unset. */
const msBetween = (def: number, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: `must be a number of milliseconds, e.g. ${def}` })
      .int("must be a whole number of milliseconds")
      .min(min, `must be at least ${min} ms (${min / 60_000} min)`)
      .max(max, `must be at most ${max} ms (${max / 3_600_000} h)`)
      .default(def),
  );

// Observability (docs/decisions.md, "Observability"): all off while unset. Read on their own by
// observabilityEnv(), so instrumentation.ts and error reporting never need the rest to be valid.
const ObservabilitySchema = z.object({
  // OpenTelemetry traces over OTLP/HTTP (JSON): the collector's base URL (spans go to
  // <url>/v1/traces) or the traces URL itself. OTEL_EXPORTER_OTLP_HEADERS is read by the exporter.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
  OTEL_SERVICE_NAME: z.string().trim().min(1).default("herald"),
  // Sentry: server errors (5xx) are reported to this DSN with the request id.
  SENTRY_DSN: optionalUrl,
  SENTRY_ENVIRONMENT: optionalString,
});

const EnvSchema = z.object({
  ...ObservabilitySchema.shape,
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (a PostgreSQL connection string)"),
  // Size of each function's connection pool; keep small on Supabase's pooler.
  DATABASE_POOL_MAX: intFrom(5, 1, 100),
  CRON_SECRET: z.string().min(16, "CRON_SECRET must be at least 16 characters"),
  // 32-byte key (base64 or 64 hex chars) for AES-256-GCM encryption of account credentials.
  CREDENTIALS_KEY: optionalString,
  // The key before the last rotation: still read, never written (docs/decisions.md, "Credential key rotation").
  CREDENTIALS_KEY_PREVIOUS: optionalString,
  // Better Auth (lib/auth/server.ts): signs session cookies and encrypts its tokens.
  BETTER_AUTH_SECRET: z
    .string()
    .trim()
    .min(32, "BETTER_AUTH_SECRET must be at least 32 characters (generate one: openssl rand -hex 32)"),
  // The app's public origin for sign-in, reset and invitation links and the trusted origin for
  // cookie-authenticated requests. Falls back to PUBLIC_BASE_URL, then http://localhost:3000.
  BETTER_AUTH_URL: optionalUrl,
  // Outgoing mail (password reset, invitations): smtp://user:pass@host:587 or smtps://…:465.
  // Unset: each email is written to the log instead, link included.
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional()),
  MAIL_FROM: z.string().trim().min(3).default("Herald <no-reply@localhost>"),
  // Scheduler tuning (all optional; defaults follow docs/design.md).
  SCHEDULER_BATCH_SIZE: intFrom(50, 1, 1000),
  SCHEDULER_CONCURRENCY: intFrom(10, 1, 200),
  SCHEDULER_PER_ACCOUNT_CONCURRENCY: intFrom(2, 1, 50),
  SCHEDULER_PUBLISH_TIMEOUT_MS: intFrom(20_000, 100, 600_000),
  // How long one process call may run (Vercel: the route's maxDuration, 300 s). A self-hosted
  // `next start` kills nothing: set what the cron or proxy in front allows. Leases last this long
  // plus the margin; no publish starts unless it fits before the end (lib/scheduler/budget.ts).
  SCHEDULER_MAX_DURATION_S: intFrom(300, 5, 800),
  SCHEDULER_LEASE_MARGIN_MS: intFrom(30_000, 0, 600_000),
  // How often the cron calls /api/agent/process (vercel.json: every 5 min). A post scheduled to go
  // out sooner than that is run by the scheduling request itself, after its response, at its time.
  SCHEDULER_CRON_INTERVAL_S: intFrom(300, 1, 3600),
  // Health (docs/design.md, "Health"): a task still waiting this long after it could have been
  // claimed makes /api/health and the admin page say "degraded". Unset: 10 min or two cron
  // intervals, whichever is longer (healthThresholds in lib/health.ts).
  HEALTH_OVERDUE_MS: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: "must be a number of milliseconds, e.g. 600000 (10 min)" })
      .int("must be a whole number of milliseconds")
      .min(60_000, "must be at least 60000 ms (1 min)")
      .max(604_800_000, "must be at most 604800000 ms (7 days)")
      .optional(),
  ),
  // Fan-out: how many more process calls one cron call may start when its backlog would take
  // more than 10 s (0: never), and where (default: the app's own /api/agent/process).
  SCHEDULER_FANOUT_MAX: intFrom(4, 0, 50),
  SCHEDULER_FANOUT_URL: optionalUrl,
  // Requests one API key may make a minute, as a burst or spread out (docs/decisions.md, "API rate
  // limits"); 0 switches the limit off.
  API_RATE_LIMIT_PER_MINUTE: intFrom(600, 0, 1_000_000),
  // How long the audit log keeps an entry (docs/decisions.md, "Audit log"), in days.
  AUDIT_RETENTION_DAYS: intFrom(365, 30, 3650),
  // The seeds' platform variables: a single-workspace fallback (lib/social/env-fallback.ts).
  TWITTER_API_KEY: optionalString,
  TWITTER_API_SECRET: optionalString,
  TWITTER_ACCESS_TOKEN: optionalString,
  TWITTER_ACCESS_TOKEN_SECRET: optionalString,
  TWITTER_HANDLE: optionalString,
  FB_ACCESS_TOKEN: optionalString,
  FB_PAGE_ID: optionalString,
  // The Meta app's id and secret: "Connect with Facebook" (Pages and their Instagram accounts).
  META_APP_ID: optionalString,
  META_APP_SECRET: optionalString,
  // Meta's Instagram webhook (/api/webhooks/instagram, field `mentions`; docs/inbox.md): answers the
  // subscription check; the calls are signed with META_APP_SECRET.
  INSTAGRAM_WEBHOOK_VERIFY_TOKEN: optionalString,
  // The Threads app's id and secret (the Threads ones, not the Meta app's): "Connect with Threads".
  THREADS_APP_ID: optionalString,
  THREADS_APP_SECRET: optionalString,
  LINKEDIN_CLIENT_ID: optionalString,
  LINKEDIN_CLIENT_SECRET: optionalString,
  LINKEDIN_ACCESS_TOKEN: optionalString,
  LINKEDIN_AUTHOR_URN: optionalString,
  // WhatsApp Cloud API (docs/whatsapp.md): the business phone number's id and a system-user token
  // (the seeds' single-workspace fallback); the WhatsApp Business Account id lists its approved
  // templates.
  WHATSAPP_PHONE_NUMBER_ID: optionalString,
  WHATSAPP_ACCESS_TOKEN: optionalString,
  WHATSAPP_BUSINESS_ACCOUNT_ID: optionalString,
  // The delivery-status webhook (/api/webhooks/whatsapp): the Meta app's secret signs each call
  // (X-Hub-Signature-256) and the verify token answers Meta's subscription check.
  WHATSAPP_APP_SECRET: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  BLUESKY_SERVER_URL: optionalString,
  BLUESKY_IDENTIFIER: optionalString,
  BLUESKY_APP_PASSWORD: optionalString,
  // "Connect with Bluesky" (atproto OAuth, lib/social/bluesky/oauth.ts): the private key Herald signs
  // its client assertions with (private_key_jwt), an ES256 key as a JWK (JSON) or PKCS#8 PEM. Set, the
  // client is the metadata document at /api/oauth/bluesky/client-metadata.json (needs an https app URL);
  // unset, a development server on localhost offers the loopback client instead.
  BLUESKY_OAUTH_PRIVATE_KEY: optionalString,
  // Where a DID is looked up (did:plc), and an optional XRPC service that resolves handles
  // (com.atproto.identity.resolveHandle) instead of DNS and https://<handle>/.well-known/atproto-did.
  BLUESKY_PLC_URL: z.url().default("https://plc.directory"),
  BLUESKY_HANDLE_RESOLVER_URL: optionalString,
  MASTODON_API_URL: optionalString,
  MASTODON_ACCESS_TOKEN: optionalString,
  // The Reddit app's keys (reddit.com/prefs/apps): renewing Reddit tokens (an installed app has no
  // secret); both (a web app) also turn on "Connect with Reddit".
  REDDIT_CLIENT_ID: optionalString,
  REDDIT_CLIENT_SECRET: optionalString,
  // The TikTok app's keys (developers.tiktok.com): renewing TikTok tokens (/v2/oauth/token/).
  TIKTOK_CLIENT_KEY: optionalString,
  TIKTOK_CLIENT_SECRET: optionalString,
  // Hosts verified for the TikTok app (comma-separated; a subdomain counts): a video there is pulled
  // by TikTok (PULL_FROM_URL), any other is uploaded in chunks; photo posts need one.
  TIKTOK_VERIFIED_DOMAINS: optionalString,
  // The Google app's keys (console.cloud.google.com, OAuth client): renewing YouTube tokens.
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  // The Google project's daily YouTube Data API quota in units (10,000 unless Google granted more):
  // what the composer's "units left" counts down from (lib/social/youtube/quota.ts).
  YOUTUBE_DAILY_QUOTA: intFrom(10_000, 1, 1_000_000_000),
  // Live updates (GET /api/client-config hands these to the browser).
  EVENTS_POLL_MS: intFrom(2000, 250, 60_000),
  EVENTS_STREAM_MAX_S: intFrom(50, 5, 280),
  CLIENT_POLL_ACTIVE_MS: intFrom(15_000, 1000, 3_600_000),
  CLIENT_POLL_IDLE_MS: intFrom(120_000, 1000, 3_600_000),
  CLIENT_IDLE_THRESHOLD_MS: intFrom(300_000, 10_000, 86_400_000),
  // Engagement refresh of recent posts (lib/engagement-sweep.ts): at most this often while someone
  // has the workspace open (active), and this often when nobody does (idle).
  ENGAGEMENT_ACTIVE_MIN_MS: msBetween(300_000, 60_000, 86_400_000),
  ENGAGEMENT_IDLE_MIN_MS: msBetween(21_600_000, 60_000, 604_800_000),
  // Platform API base URLs: the defaults are the real platforms; tests and proxies override them.
  X_API_URL: z.url().default("https://api.x.com"),
  GRAPH_API_URL: z.url().default("https://graph.facebook.com"),
  // Where a person approves Herald for Facebook and Instagram (Meta's login dialog).
  META_AUTH_URL: z.url().default("https://www.facebook.com"),
  // Threads API, version included (graph.threads.net is versioned apart from the Graph API).
  THREADS_API_URL: z.url().default("https://graph.threads.net/v1.0"),
  // Where a person approves Herald for Threads (its authorize page).
  THREADS_AUTH_URL: z.url().default("https://threads.net"),
  LINKEDIN_API_URL: z.url().default("https://api.linkedin.com"),
  // LinkedIn's OAuth host (authorize, accessToken): "Connect with LinkedIn" and token refresh.
  LINKEDIN_AUTH_URL: z.url().default("https://www.linkedin.com"),
  // YouTube Data API v3's host (/youtube/v3, /upload/youtube/v3), and Google's OAuth host (/token).
  YOUTUBE_API_URL: z.url().default("https://www.googleapis.com"),
  GOOGLE_OAUTH_URL: z.url().default("https://oauth2.googleapis.com"),
  // Where a person approves Herald for YouTube (Google's consent page, /o/oauth2/v2/auth).
  GOOGLE_AUTH_URL: z.url().default("https://accounts.google.com"),
  // Reddit's OAuth API, and the host that renews its tokens (/api/v1/access_token).
  REDDIT_API_URL: z.url().default("https://oauth.reddit.com"),
  REDDIT_AUTH_URL: z.url().default("https://www.reddit.com"),
  // TikTok's Content Posting and Display APIs, and its token endpoint (/v2/oauth/token/).
  TIKTOK_API_URL: z.url().default("https://open.tiktokapis.com"),
  // Where a person approves Herald for TikTok (Login Kit's /v2/auth/authorize/).
  TIKTOK_AUTH_URL: z.url().default("https://www.tiktok.com"),
  // AI agent (lib/ai-agent.ts): any OpenAI-compatible endpoint. Without a key the agent runs a
  // deterministic simulation and labels its output so.
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  // GIF search in the composer (lib/gifs/giphy.ts; docs/decisions.md, "GIF search"): GIPHY's API
  // key; unset, the search answers 404 and the composer shows no GIF button. The base URL is for
  // tests (a local fixture server).
  GIPHY_API_KEY: optionalString,
  GIPHY_API_URL: z.url().default("https://api.giphy.com"),
  // The content rating GIF results are limited to (GIPHY: g, pg, pg-13, r).
  GIPHY_RATING: z.enum(["g", "pg", "pg-13", "r"]).default("g"),
  // Prices for the cost estimate, in US dollars per million tokens (the default model's list price).
  AI_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).max(1000).default(0.15),
  AI_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).max(1000).default(0.6),
  // Each workspace's monthly AI budget in US dollars unless its settings say otherwise.
  AI_MONTHLY_CAP_USD: z.coerce.number().min(0).max(100_000).default(10),
  AI_TIMEOUT_MS: intFrom(60_000, 1000, 280_000),
  // Retries of one model call on 429 / 5xx / network errors inside the SDK (with its backoff).
  AI_MAX_RETRIES: intFrom(2, 0, 10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Media storage: Supabase Storage when both SUPABASE_* are set, otherwise files on local disk.
  SUPABASE_URL: optionalUrl,
  SUPABASE_SERVICE_ROLE_KEY: optionalString,
  // A public bucket: platforms that fetch media themselves (Instagram, Threads) need public URLs.
  SUPABASE_STORAGE_BUCKET: z.string().trim().min(1).default("media"),
  // The app's public origin; local-disk media URLs are built on it (http://localhost:3000 if unset).
  PUBLIC_BASE_URL: optionalUrl,
  MEDIA_DIR: z.string().trim().min(1).default(".data/media"),
  UPLOAD_MAX_BYTES: intFrom(100 * 1024 * 1024, 1, 2 * 1024 * 1024 * 1024),
  // Server-side requests to user-supplied addresses (Mastodon servers, Bluesky PDSes, media URLs)
  // go only to public addresses (lib/net/guarded-fetch.ts). These hosts ("127.0.0.1",
  // "localhost:8080", "[::1]"; comma-separated) are let through anyway: for tests and local
  // development against local servers. Refused in production below.
  HERALD_FETCH_ALLOW_HOSTS: optionalString,
}).superRefine((e, ctx) => {
  if (e.ENGAGEMENT_ACTIVE_MIN_MS > e.ENGAGEMENT_IDLE_MIN_MS) {
    ctx.addIssue({ code: "custom", path: ["ENGAGEMENT_ACTIVE_MIN_MS"], message: "must not be longer than ENGAGEMENT_IDLE_MIN_MS (someone watching must never mean slower updates)" });
  }
  // A task can wait up to one cron interval for the next call: a shorter threshold would cry wolf.
  if (e.HEALTH_OVERDUE_MS !== undefined && e.HEALTH_OVERDUE_MS < e.SCHEDULER_CRON_INTERVAL_S * 1000) {
    ctx.addIssue({ code: "custom", path: ["HEALTH_OVERDUE_MS"], message: `must be at least the cron interval (SCHEDULER_CRON_INTERVAL_S, ${e.SCHEDULER_CRON_INTERVAL_S * 1000} ms): a task may wait that long for the next process call` });
  }
  // An allow-list in production would reopen the SSRF hole the guard closes.
  if (e.NODE_ENV === "production" && e.HERALD_FETCH_ALLOW_HOSTS) {
    ctx.addIssue({ code: "custom", path: ["HERALD_FETCH_ALLOW_HOSTS"], message: "must not be set in production (it lets requests reach private addresses)" });
  }
  // Links in emails must point at the real site; a guessed localhost would send users nowhere.
  if (e.NODE_ENV === "production" && !e.BETTER_AUTH_URL && !e.PUBLIC_BASE_URL) {
    ctx.addIssue({ code: "custom", path: ["BETTER_AUTH_URL"], message: "BETTER_AUTH_URL (the app's public URL) is required in production" });
  }
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** The app's public origin: BETTER_AUTH_URL, else PUBLIC_BASE_URL, else http://localhost:3000. */
export function appUrl(e: Env = env()): string {
  return new URL(e.BETTER_AUTH_URL ?? e.PUBLIC_BASE_URL ?? "http://localhost:3000").origin;
}

/** The observability variables alone (validated; an invalid one throws like env()). */
export function observabilityEnv(): z.infer<typeof ObservabilitySchema> {
  const parsed = ObservabilitySchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** For tests and scripts that change variables after a first read. */
export function resetEnvCache(): void {
  cached = undefined;
}
