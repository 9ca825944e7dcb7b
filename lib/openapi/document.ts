// The OpenAPI 3.1 document of Herald's REST API, built from lib/openapi/operations.ts: bodies and
// queries through zod 4's own z.toJSONSchema (JSON Schema 2020-12, the dialect of OpenAPI 3.1),
// so the document says what the routes' schemas accept (docs/decisions.md, "OpenAPI").
import { z } from "zod";
import type { ErrorCode } from "../errors";
import { version } from "../../package.json";
import { SimulationSchema } from "../validation/simulation";
import { PlatformEnum, TaskConfig, When } from "../validation/tasks";
import { OPERATIONS, type Auth, type Operation } from "./operations";

type Json = Record<string, unknown>;

/** Every code lib/errors.ts knows (the Record makes tsc name a new one here). */
const ERROR_CODES: Record<ErrorCode, true> = {
  bad_request: true,
  validation_failed: true,
  unauthorized: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  invalid_state: true,
  budget_exhausted: true,
  payload_too_large: true,
  compliance_failed: true,
  rate_limited: true,
  internal: true,
  upstream_failed: true,
  unavailable: true,
};

/** The body of every error answer, as toErrorBody() in lib/errors.ts writes it. */
export const ErrorBody = z
  .object({
    success: z.literal(false),
    error: z
      .object({
        code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
        message: z.string().meta({ description: "A sentence for a person: what is wrong and what to do." }),
        fields: z
          .array(z.object({ path: z.string().meta({ description: "The field, dotted (config.overrides.bluesky), or (body)." }), message: z.string() }).strict())
          .optional()
          .meta({ description: "For validation_failed: each field that is wrong." }),
        details: z.record(z.string(), z.unknown()).optional().meta({ description: "Machine-readable reasons (e.g. reason, requiredRole)." }),
        requestId: z.string().optional().meta({ description: "The request's id, to quote when asking about this answer (also the x-request-id header)." }),
      })
      .strict(),
  })
  .strict();

const STATUS_TEXT: Record<number, string> = {
  400: "The request is invalid: the body or query failed validation (each field named in error.fields), or is not JSON.",
  401: "No valid credentials.",
  402: "The workspace's monthly AI budget is used up.",
  403: "The caller's role is too low, or this kind of caller may not do this.",
  404: "No such row in the caller's workspace (another workspace's rows are 404 too).",
  409: "The row's state does not allow this now (e.g. publishing started), or it conflicts with another.",
  413: "The body is larger than the route accepts.",
  422: "The post breaks the workspace's brand-voice rules (compliance) or a platform's rules.",
  429: "Too many attempts; the answer says when to retry.",
  500: "Something went wrong on Herald's side; it was logged.",
  502: "The social network (or another upstream service) failed.",
  503: "The database is unreachable or migrations are pending.",
};

export const SECURITY_SCHEMES = {
  apiKey: {
    type: "http",
    scheme: "bearer",
    description: "A workspace API key (Settings → API keys) as Authorization: Bearer <key> (or X-API-Key). It acts as an admin of its workspace.",
  },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "herald.session_token",
    description: "A signed-in person's session (the dashboard); acts in the session's active workspace with the person's role. Unsafe methods need a same-origin Origin header.",
  },
  cronSecret: {
    type: "http",
    scheme: "bearer",
    description: "The deployment's CRON_SECRET as Authorization: Bearer <secret>.",
  },
  whatsappSignature: {
    type: "apiKey",
    in: "header",
    name: "X-Hub-Signature-256",
    description: "sha256=<HMAC-SHA256 of the raw body with WHATSAPP_APP_SECRET>, as Meta signs its webhook calls.",
  },
  metaAppSignature: {
    type: "apiKey",
    in: "header",
    name: "X-Hub-Signature-256",
    description: "sha256=<HMAC-SHA256 of the raw body with META_APP_SECRET>, as Meta signs its Instagram webhook calls.",
  },
} as const;

const SECURITY: Record<Auth, Json[]> = {
  workspace: [{ apiKey: [] }, { sessionCookie: [] }],
  session: [{ sessionCookie: [] }],
  apiKey: [{ apiKey: [] }],
  cron: [{ cronSecret: [] }],
  whatsapp: [{ whatsappSignature: [] }],
  metaApp: [{ metaAppSignature: [] }],
  public: [],
};

export const AUTH_TEXT: Record<Auth, string> = {
  workspace: "API key or session",
  session: "Signed-in session only (API keys get 403)",
  apiKey: "API key only",
  cron: "CRON_SECRET",
  whatsapp: "Meta's signature (X-Hub-Signature-256)",
  metaApp: "Meta's signature with the Meta app's secret (X-Hub-Signature-256)",
  public: "None (public)",
};

const TAG_TEXT: Record<string, string> = {
  Accounts: "Social accounts: connect, reconfigure, disconnect; per-network lookups for the composer.",
  Posts: "Schedule, edit, approve, cancel and check posts.",
  Tasks: "The scheduler's tasks (one per post and account) and their attempts.",
  Cron: "What the deployment's cron calls.",
  "AI agent": "Drafting, autopilot, A/B variants, best times, usage.",
  Campaigns: "Group posts into campaigns.",
  Analytics: "What published posts earned.",
  Media: "Upload, import and serve images and videos.",
  "WhatsApp recipients": "Recipients, lists and Meta's webhook.",
  Notifications: "A signed-in member's own notifications.",
  Webhooks: "Outgoing webhooks: Herald calls your addresses when posts are published, fail or wait, and more.",
  Workspace: "Settings, API keys, the emergency stop, live updates, workspaces.",
  "Audit log": "Who did what and when, for admins.",
  MCP: "The Model Context Protocol server for AI agents.",
  Meta: "Health and this document.",
  "Sign-in": "Better Auth's endpoints Herald's clients use; the others are Better Auth's own.",
};

/** "/api/posts/{id}/cancel" + "post" → "postPostsIdCancel". */
export function operationId(op: Pick<Operation, "method" | "path">): string {
  const words = op.path
    .replace(/^\/api\//, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  return op.method + words.join("");
}

const FORMAT_PATTERN = new Set(["date-time", "date", "time"]);

/** Tidies zod's output for reading: no per-schema $schema/$id, no regex behind a date format, no 2^53 bounds. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$schema" || k === "$id") continue;
    if (k === "pattern" && FORMAT_PATTERN.has((node as Json).format as string)) continue;
    if ((k === "maximum" || k === "minimum") && Math.abs(v as number) === Number.MAX_SAFE_INTEGER) continue;
    out[k] = tidy(v);
  }
  return out;
}

/** Parts shared by several bodies and queries: one component each, referenced rather than repeated. */
const SHARED: Record<string, z.ZodType> = {
  Platform: PlatformEnum,
  TaskConfig,
  Simulation: SimulationSchema,
  DateTime: When,
};

function buildSchemas(): { schemas: Record<string, Json>; queries: Record<string, Json> } {
  const registry = z.registry<{ id: string }>();
  const queryNames = new Set<string>();
  const seen = new Map<z.ZodType, string>();
  const add = (name: string, schema: z.ZodType) => {
    const had = seen.get(schema);
    if (had && had !== name) throw new Error(`One schema under two names: ${had} and ${name}.`);
    if (!had) {
      registry.add(schema, { id: name });
      seen.set(schema, name);
    }
  };
  for (const [name, schema] of Object.entries(SHARED)) add(name, schema);
  for (const op of OPERATIONS) {
    if (op.body?.schema) add(op.body.name, op.body.schema);
    if (op.query) {
      add(op.query.name, op.query.schema);
      queryNames.add(op.query.name);
    }
  }
  const generated = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas as Record<string, Json>;
  const schemas: Record<string, Json> = {};
  const queries: Record<string, Json> = {};
  for (const [name, s] of Object.entries(generated)) {
    const clean = tidy(s) as Json;
    // A query is shown as parameters; a schema used both as a body and a query stays a component.
    const alsoBody = OPERATIONS.some((o) => o.body?.name === name);
    if (queryNames.has(name)) queries[name] = clean;
    if (!queryNames.has(name) || alsoBody) schemas[name] = clean;
  }
  for (const op of OPERATIONS) if (op.body?.described) schemas[op.body.name] = op.body.described;
  // Words for the shared parts (the schemas themselves are the routes').
  schemas.DateTime.description = "An ISO 8601 date-time: with an offset (2031-05-16T09:00:00+02:00) an instant; without one (2031-05-16T09:00) wall time in the workspace's time zone.";
  schemas.Platform.description = "A social network.";
  schemas.Error = tidy(z.toJSONSchema(ErrorBody, { target: "draft-2020-12" })) as Json;
  return { schemas, queries };
}

function errorStatuses(op: Operation): number[] {
  const s = new Set<number>(op.errors ?? []);
  if (op.auth === "workspace" || op.auth === "session") {
    s.add(401);
    s.add(403);
  }
  if (op.auth === "cron" || op.auth === "whatsapp" || op.auth === "metaApp" || op.auth === "apiKey") s.add(401);
  if (op.body || op.otherBodies || op.query) s.add(400);
  if (op.body || op.otherBodies) s.add(413);
  if (op.params) s.add(404);
  if (op.auth !== "public") s.add(500);
  return [...s].sort((a, b) => a - b);
}

const slug = (text: string, i: number) => `${i + 1}-${text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40)}`;

function operationObject(op: Operation, queries: Record<string, Json>): Json {
  const parameters: Json[] = [];
  for (const name of op.path.match(/\{([^}]+)\}/g)?.map((m) => m.slice(1, -1)) ?? []) {
    const p = op.params?.[name];
    if (!p) throw new Error(`${op.method.toUpperCase()} ${op.path}: describe the path parameter ${name}.`);
    parameters.push({ name, in: "path", required: true, description: p.description, schema: { type: "string" }, example: p.example });
  }
  if (op.query) {
    const q = queries[op.query.name];
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties as Record<string, Json>) ?? {})) {
      const param: Json = { name, in: "query", required: required.has(name), schema };
      if (typeof schema.description === "string") param.description = schema.description;
      // A comma-separated list (?status=a,b): OpenAPI's form style without explode.
      if (schema.type === "array") Object.assign(param, { style: "form", explode: false });
      parameters.push(param);
    }
  }

  const o: Json = {
    operationId: operationId(op),
    tags: [op.tag],
    summary: op.summary,
    security: SECURITY[op.auth],
    "x-herald-auth": op.auth,
  };
  const roleNote = op.minRole ? ` Needs the ${op.minRole} role or higher (API keys act as admin).` : "";
  if (op.description || roleNote) o.description = `${op.description ?? ""}${roleNote}`.trim();
  if (op.minRole) o["x-herald-min-role"] = op.minRole;
  if (parameters.length) o.parameters = parameters;

  if (op.body || op.otherBodies) {
    const content: Json = {};
    if (op.body) {
      content["application/json"] = {
        schema: { $ref: `#/components/schemas/${op.body.name}` },
        examples: Object.fromEntries(op.body.examples.map((e, i) => [slug(e.summary, i), { summary: e.summary, value: e.value }])),
      };
    }
    for (const other of op.otherBodies ?? []) {
      content[other.contentType] = {
        schema: { ...other.schema, description: other.description },
        ...(other.example !== undefined && { examples: { "1-example": { summary: `An example (${other.contentType})`, value: other.example } } }),
      };
    }
    o.requestBody = { required: !op.bodyOptional, content };
  }

  const responses: Json = {};
  const r = op.response;
  if (r.contentType === "none") responses[String(r.status)] = { description: r.description };
  else if (r.contentType) responses[String(r.status)] = { description: r.description, content: { [r.contentType]: { schema: { type: "string" } } } };
  else {
    const properties: Json = { success: { const: true } };
    for (const [name, description] of Object.entries(r.fields ?? {})) properties[name] = { description };
    responses[String(r.status)] = {
      description: r.description,
      content: { "application/json": { schema: { type: "object", required: ["success"], properties, additionalProperties: true } } },
    };
  }
  for (const status of errorStatuses(op)) responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  o.responses = responses;
  return o;
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: Json;
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json>; securitySchemes: typeof SECURITY_SCHEMES };
}

function build(): OpenApiDocument {
  const { schemas, queries } = buildSchemas();
  const paths: Record<string, Record<string, Json>> = {};
  const tags: string[] = [];
  const statuses = new Set<number>();
  for (const op of OPERATIONS) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is listed twice.`);
    item[op.method] = operationObject(op, queries);
    if (!tags.includes(op.tag)) tags.push(op.tag);
    for (const s of errorStatuses(op)) statuses.add(s);
  }
  const responses: Record<string, Json> = {};
  for (const s of [...statuses].sort((a, b) => a - b)) {
    responses[`Error${s}`] = { description: STATUS_TEXT[s] ?? "An error.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Herald API",
      version,
      description:
        "Plan, publish and measure social-media posts. Every answer is JSON with `success`; errors are `{ success: false, error: { code, message, fields?, details? } }`. Authenticate with a workspace API key (Settings → API keys) as `Authorization: Bearer <key>`.",
    },
    tags: tags.map((name) => ({ name, ...(TAG_TEXT[name] && { description: TAG_TEXT[name] }) })),
    paths,
    components: { schemas, responses, securitySchemes: SECURITY_SCHEMES },
  };
}

let cached: OpenApiDocument | undefined;

/** The document (built once per process: it depends only on the code). */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= build());
}
