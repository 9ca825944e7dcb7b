// Bulk import of posts from a CSV file: parse (csv-parse), validate every row against the
// workspace's accounts and each platform's rules, then either preview (dry run) or schedule every
// row through scheduleTask — only when no row has an error, and idempotently per file + row.
// A row's campaign is an existing campaign's name or id; a new name is created on import
// (docs/decisions.md, "Campaigns").
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import { blocking, checkPostCompliance } from "./ai/compliance";
import { brandVoiceOf } from "./validation/workspace-settings";
import { db, type Db } from "./db";
import { HeraldError } from "./errors";
import type { Platform } from "./generated/prisma/enums";
import { Platform as PlatformValues } from "./generated/prisma/enums";
import { scheduleTask } from "./posting/schedule";
import { loadAccount } from "./social/accounts";
import { adapterFor } from "./social-media";
import { specFor } from "./social/registry";
import type { PublishContent } from "./social/types";
import { ScheduleTaskInput } from "./validation/tasks";
import {
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  ImportRow,
  REQUIRED_COLUMNS,
  type ImportColumn,
} from "./validation/import";
import { clock } from "./clock";
import { isTooFarInThePast } from "./scheduler/past";

export interface ImportError {
  /** The CSV's line (1-based) where the row starts; a quoted multi-line field makes lines ≠ rows. */
  line: number;
  column?: string;
  message: string;
}

export interface PreviewTarget {
  accountId: string;
  platform: Platform;
  platformLabel: string;
  handle: string;
}

export interface PreviewRow {
  line: number;
  /** 1-based data row (the header is row 0). */
  row: number;
  text: string;
  scheduledAt: string;
  /** The time in the workspace's zone, e.g. "Tue 1 Dec 2026, 09:00". */
  localTime: string;
  mediaUrl: string | null;
  altText: string | null;
  targets: PreviewTarget[];
  /** The campaign the post is tagged with; `isNew`: it does not exist yet and is created on import (id null until then). */
  campaign: { id: string | null; name: string; isNew: boolean } | null;
}

export interface ImportPreview {
  timeZone: string;
  rows: PreviewRow[];
  errors: ImportError[];
}

export interface ImportResult {
  scheduled: { line: number; postId: string | null; taskIds: string[] }[];
  duplicates: { line: number; postId: string | null; taskIds: string[] }[];
}

interface Account {
  id: string;
  platform: Platform;
  handle: string;
}

const PLATFORMS = Object.values(PlatformValues) as Platform[];
const PLATFORM_ALIASES: Record<string, Platform> = { x: "twitter", ig: "instagram", fb: "facebook", yt: "youtube" };

function decode(bytes: Uint8Array): string {
  if (bytes.length > IMPORT_MAX_BYTES) {
    throw new HeraldError("payload_too_large", `The file is larger than 1 MB (${IMPORT_MAX_BYTES.toLocaleString("en")} bytes); split it into smaller files.`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HeraldError("bad_request", "This is not a CSV file: it is not UTF-8 text. Export it from your spreadsheet as “CSV UTF-8”.");
  }
  // Binary files that happen to be valid UTF-8 (NUL bytes, control characters) are not CSV either.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    throw new HeraldError("bad_request", "This is not a CSV file: it contains binary data. Export it from your spreadsheet as “CSV UTF-8”.");
  }
  if (text.replace(/^\uFEFF/, "").trim() === "") throw new HeraldError("bad_request", "The file is empty: it needs a header row and at least one post.");
  return text;
}

interface ParsedRecord {
  line: number;
  fields: string[];
}

/**
 * Parses the CSV. Line numbers come from the parser's byte offsets (info.bytes: where each record
 * ends), counting CRLF, LF and CR as one break each, so quoted multi-line fields and blank lines
 * shift the following rows exactly as an editor shows them. A malformed file is one error.
 */
function parseCsv(text: string): { records: ParsedRecord[]; errors: ImportError[] } {
  try {
    const out = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: false,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
    const buf = Buffer.from(text, "utf8");
    let pos = 0;
    let line = 1;
    const isBreak = (i: number) => buf[i] === 0x0a || buf[i] === 0x0d;
    const advance = (to: number) => {
      for (; pos < to; pos++) {
        if (buf[pos] === 0x0a || (buf[pos] === 0x0d && buf[pos + 1] !== 0x0a)) line++;
      }
    };
    const records: ParsedRecord[] = [];
    for (const { record, info } of out) {
      // Skip the blank lines the parser skipped before this record.
      let start = pos;
      while (start < buf.length && isBreak(start)) start++;
      advance(start);
      records.push({ fields: record, line });
      advance(info.bytes);
    }
    return { records, errors: [] };
  } catch (err) {
    const e = err as { lines?: number; message?: string; code?: string };
    const what = e.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field is never closed (a missing \")" : (e.message ?? "the file cannot be read as CSV").replace(/^Invalid [^:]*: /, "");
    return { records: [], errors: [{ line: e.lines ?? 1, message: `The CSV is malformed: ${what}.` }] };
  }
}

function normalizeHandle(h: string): string {
  return h.trim().replace(/^@/, "").toLowerCase();
}

/** Resolves "bluesky; @bakery.bsky.social x" to accounts, or explains which token fails. */
function resolveTargets(value: string, accounts: Account[]): { targets: Account[]; problems: string[] } {
  const targets: Account[] = [];
  const problems: string[] = [];
  for (const token of value.split(/[,;\s]+/).filter(Boolean)) {
    const lower = token.toLowerCase();
    const platform = (PLATFORMS as string[]).includes(lower) ? (lower as Platform) : PLATFORM_ALIASES[lower];
    let found: Account | undefined;
    if (platform) {
      const matches = accounts.filter((a) => a.platform === platform);
      if (matches.length === 0) {
        problems.push(`No ${specFor(platform).label} account in this workspace: connect one first.`);
        continue;
      }
      if (matches.length > 1) {
        problems.push(
          `The workspace has ${matches.length} ${specFor(platform).label} accounts: name one by handle (${matches.map((a) => `@${a.handle.replace(/^@/, "")}`).join(", ")}).`,
        );
        continue;
      }
      found = matches[0];
    } else {
      const matches = accounts.filter((a) => normalizeHandle(a.handle) === normalizeHandle(token));
      if (matches.length > 1) {
        problems.push(`“${token}” is the handle of several accounts (${matches.map((a) => a.platform).join(", ")}): use the platform name.`);
        continue;
      }
      found = matches[0];
      if (!found) {
        problems.push(`Unknown platform or account “${token}”: use a platform (${PLATFORMS.join(", ")}) or one of this workspace's account handles.`);
        continue;
      }
    }
    if (!targets.some((t) => t.id === found.id)) targets.push(found);
  }
  return { targets, problems };
}

export interface CampaignRef {
  id: string;
  name: string;
}

export type CampaignMatch = { campaign: CampaignRef } | { create: string } | { problem: string };

/**
 * A row's campaign column: an existing campaign by id, by its exact name, or by the one name that
 * matches ignoring capitals; any other name is a campaign to create. Names that differ only in
 * capitals ("Spring", "SPRING") make a name that matches neither exactly ambiguous, and an id of
 * no campaign here is a mistake: both are row problems.
 */
export function matchCampaign(value: string, campaigns: CampaignRef[]): CampaignMatch {
  const v = value.trim();
  const exact = campaigns.find((c) => c.id === v) ?? campaigns.find((c) => c.name === v);
  if (exact) return { campaign: exact };
  const folded = campaigns.filter((c) => c.name.toLowerCase() === v.toLowerCase());
  if (folded.length === 1) return { campaign: folded[0] };
  if (folded.length > 1) {
    return { problem: `“${v}” matches several campaigns that differ only in capitals (${folded.map((c) => `“${c.name}”`).join(", ")}): write the name exactly.` };
  }
  // An id (Prisma's cuid) of no campaign here — another workspace's, or a deleted one's — is a
  // mistake, not a name for a new campaign.
  if (/^c[a-z0-9]{24}$/.test(v)) return { problem: `No campaign of this workspace has the id “${v}”: use a campaign's name, or an id from the Campaigns page.` };
  return { create: v };
}

const LOCAL_FORMATS = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd H:mm"];

/** ISO with an offset is an instant; "2026-12-01 09:00" is wall time in the workspace's zone. */
function parseTime(value: string, timeZone: string): DateTime | null {
  const v = value.trim();
  if (/([zZ]|[+-]\d\d:?\d\d)$/.test(v)) {
    const dt = DateTime.fromISO(v.replace(" ", "T"), { setZone: true });
    return dt.isValid ? dt.setZone(timeZone) : null;
  }
  for (const f of LOCAL_FORMATS) {
    const dt = DateTime.fromFormat(v, f, { zone: timeZone });
    if (dt.isValid) {
      // A wall time skipped by a DST change (02:30 on spring-forward day) does not exist.
      if (dt.toFormat(f) !== v) return null;
      return dt;
    }
  }
  return null;
}

function mediaType(url: string): "image" | "video" | "gif" {
  const path = new URL(url).pathname.toLowerCase();
  if (/\.(mp4|mov|m4v|webm)$/.test(path)) return "video";
  if (path.endsWith(".gif")) return "gif";
  return "image";
}

interface ValidRow extends PreviewRow {
  input: ScheduleTaskInput;
}

interface Validated {
  timeZone: string;
  rows: ValidRow[];
  errors: ImportError[];
  fileHash: string;
}

async function validateFile(prisma: Db, workspaceId: string, bytes: Uint8Array, now: Date): Promise<Validated> {
  const text = decode(bytes);
  const fileHash = createHash("sha256").update(bytes).digest("hex").slice(0, 24);
  const workspace = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true, brandVoice: true } });
  if (!workspace) throw new HeraldError("not_found", "Workspace not found.");
  const timeZone = workspace.timeZone;
  const brandVoice = brandVoiceOf(workspace.brandVoice);

  const parsed = parseCsv(text);
  if (parsed.errors.length) return { timeZone, rows: [], errors: parsed.errors, fileHash };
  // Rows of only blanks or commas (spreadsheets export trailing ones) are not posts.
  const [header, ...data] = parsed.records.filter((r, i) => i === 0 || r.fields.some((f) => f.trim() !== ""));
  const errors: ImportError[] = [];

  // Header: case-insensitive, known columns only, the required ones present.
  const names = header.fields.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_"));
  const index = new Map<ImportColumn, number>();
  names.forEach((n, i) => {
    const col = (n === "platform" ? "platforms" : n) as ImportColumn;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(col)) {
      errors.push({ line: header.line, column: header.fields[i], message: `Unknown column “${header.fields[i]}”: the columns are ${IMPORT_COLUMNS.join(", ")}.` });
    } else if (index.has(col)) {
      errors.push({ line: header.line, column: col, message: `The column ${col} appears twice.` });
    } else {
      index.set(col, i);
    }
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) {
    errors.push({ line: header.line, message: `The header row needs the columns ${REQUIRED_COLUMNS.join(", ")}; missing: ${missing.join(", ")}.` });
  }
  if (errors.length) return { timeZone, rows: [], errors, fileHash };
  if (data.length === 0) return { timeZone, rows: [], errors: [{ line: header.line, message: "The file has a header row but no posts." }], fileHash };
  if (data.length > IMPORT_MAX_ROWS) {
    return { timeZone, rows: [], errors: [{ line: data[IMPORT_MAX_ROWS].line, message: `The file has ${data.length} posts; at most ${IMPORT_MAX_ROWS} can be imported at once.` }], fileHash };
  }

  const accounts = await prisma.socialAccount.findMany({
    where: { workspaceId, status: { not: "disabled" } },
    select: { id: true, platform: true, handle: true },
    orderBy: { createdAt: "asc" },
  });
  const loaded = new Map<string, Awaited<ReturnType<typeof loadAccount>>>();
  const campaigns = index.has("campaign") ? await prisma.campaign.findMany({ where: { workspaceId }, select: { id: true, name: true } }) : [];
  // New campaign names of this file, by their lower case: "spring" and "Spring" make one, spelt as first written.
  const newCampaigns = new Map<string, string>();

  const rows: ValidRow[] = [];
  for (const [i, rec] of data.entries()) {
    const line = rec.line;
    const rowErrors: ImportError[] = [];
    if (rec.fields.length > names.length && rec.fields.slice(names.length).some((f) => f.trim() !== "")) {
      rowErrors.push({ line, message: `This row has ${rec.fields.length} fields but the header has ${names.length}: quote text that contains commas.` });
    }
    const raw: Record<string, string> = {};
    for (const [col, at] of index) raw[col] = rec.fields[at] ?? "";
    const shape = ImportRow.safeParse({
      ...raw,
      text: (raw.text ?? "").trim(),
      media_url: (raw.media_url ?? "").trim(),
      alt_text: (raw.alt_text ?? "").trim(),
      campaign: (raw.campaign ?? "").trim(),
    });
    if (!shape.success) {
      for (const issue of shape.error.issues) rowErrors.push({ line, column: String(issue.path[0] ?? ""), message: issue.message });
      errors.push(...rowErrors);
      continue;
    }
    const row = shape.data;

    const { targets, problems } = resolveTargets(row.platforms, accounts);
    for (const p of problems) rowErrors.push({ line, column: "platforms", message: p });

    const when = parseTime(row.time, timeZone);
    if (!when) {
      rowErrors.push({ line, column: "time", message: `“${row.time}” is not a time: use 2026-12-01 09:00 (in ${timeZone}) or ISO 8601 with an offset, e.g. 2026-12-01T09:00:00+01:00.` });
    } else if (isTooFarInThePast(when.toJSDate(), now)) {
      rowErrors.push({ line, column: "time", message: `${when.toFormat("yyyy-MM-dd HH:mm")} (${timeZone}) is in the past; pick a later time.` });
    }

    let campaign: PreviewRow["campaign"] = null;
    if (row.campaign) {
      const m = matchCampaign(row.campaign, campaigns);
      if ("problem" in m) rowErrors.push({ line, column: "campaign", message: m.problem });
      else if ("campaign" in m) campaign = { id: m.campaign.id, name: m.campaign.name, isNew: false };
      else {
        const key = m.create.toLowerCase();
        if (!newCampaigns.has(key)) newCampaigns.set(key, m.create);
        campaign = { id: null, name: newCampaigns.get(key)!, isNew: true };
      }
    }

    if (!row.text && !row.media_url) rowErrors.push({ line, column: "text", message: "text is empty and there is no media_url: a post needs one or the other." });
    if (row.alt_text && !row.media_url) rowErrors.push({ line, column: "alt_text", message: "alt_text is given but there is no media_url to describe." });

    const media = row.media_url ? [{ url: row.media_url, type: mediaType(row.media_url), ...(row.alt_text ? { altText: row.alt_text } : {}) }] : undefined;
    // Each platform's own rules, with the account's adapter, as scheduleTask's validateTargets does.
    const content: PublishContent = { text: row.text, media } as PublishContent;
    for (const t of targets) {
      if (!loaded.has(t.id)) loaded.set(t.id, await loadAccount(prisma, workspaceId, t.id));
      const account = loaded.get(t.id);
      if (!account) continue;
      const who = `${specFor(t.platform).label} (@${t.handle.replace(/^@/, "")})`;
      for (const p of adapterFor(account, { prisma }).validate(content)) {
        // The network's own fields (config.reddit, config.youtube, config.tiktok: Reddit's subreddit
        // and title, YouTube's title, TikTok's privacy) have no column.
        if (p.field.startsWith(`${t.platform}.`)) {
          rowErrors.push({ line, column: "platforms", message: `${who}: ${p.message.replace(/\.$/, "")}; a CSV file has no column for it yet.` });
        } else {
          rowErrors.push({ line, column: p.field === "media" ? "media_url" : "text", message: `${who}: ${p.message}` });
        }
      }
    }

    // The brand's compliance rules, as scheduleTask will apply them (lib/ai/compliance-db.ts).
    for (const f of blocking(checkPostCompliance({ text: row.text, platforms: targets.map((t) => t.platform) }, brandVoice))) {
      rowErrors.push({ line, column: "text", message: f.message });
    }

    if (rowErrors.length || !when) {
      errors.push(...rowErrors);
      continue;
    }
    const input = ScheduleTaskInput.safeParse({
      type: "social_post",
      accountIds: targets.map((t) => t.id),
      scheduledAt: when.toISO({ suppressMilliseconds: true }),
      content: row.text,
      config: media ? { media } : {},
      ...(campaign?.id && { campaignId: campaign.id }),
      idempotencyKey: `import:${fileHash}:${i + 1}`,
    });
    if (!input.success) {
      for (const issue of input.error.issues) errors.push({ line, message: issue.message });
      continue;
    }
    rows.push({
      line,
      row: i + 1,
      text: row.text,
      scheduledAt: when.toUTC().toISO()!,
      localTime: when.toFormat("ccc d LLL yyyy, HH:mm"),
      mediaUrl: row.media_url || null,
      altText: row.alt_text || null,
      targets: targets.map((t) => ({ accountId: t.id, platform: t.platform, platformLabel: specFor(t.platform).label, handle: t.handle })),
      campaign,
      input: input.data,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { timeZone, rows, errors, fileHash };
}

const toPreview = ({ input: _input, ...row }: ValidRow): PreviewRow => row;

/** Dry run: the rows as they would be scheduled, and every error with its line. Writes nothing. */
export async function previewImport(workspaceId: string, bytes: Uint8Array, now = clock.now()): Promise<ImportPreview> {
  const v = await validateFile(db(), workspaceId, bytes, now);
  return { timeZone: v.timeZone, rows: v.rows.map(toPreview), errors: v.errors };
}

/**
 * Schedules every row (one post per row, one task per account), only when no row has an error —
 * otherwise 400 with all of them and nothing written. Re-uploading the same file schedules nothing
 * new: each row's idempotencyKey is the file's hash + its row number, so those come back as duplicates.
 */
export async function runImport(workspaceId: string, bytes: Uint8Array, now = clock.now()): Promise<ImportResult> {
  const prisma = db();
  const v = await validateFile(prisma, workspaceId, bytes, now);
  if (v.errors.length) {
    throw new HeraldError("validation_failed", `${v.errors.length === 1 ? "One problem" : `${v.errors.length} problems`} in the file; nothing was scheduled.`, {
      fields: v.errors.map((e) => ({ path: `line ${e.line}${e.column ? `: ${e.column}` : ""}`, message: e.message })),
      details: { errors: v.errors },
    });
  }
  // The file's new campaigns, now that every row is good (an upsert: a second upload, or someone
  // creating the same name meanwhile, finds it).
  const created = new Map<string, string>();
  for (const row of v.rows) {
    const name = row.campaign?.isNew ? row.campaign.name : null;
    if (name === null || created.has(name)) continue;
    const c = await prisma.campaign.upsert({ where: { workspaceId_name: { workspaceId, name } }, create: { workspaceId, name, brief: "" }, update: {}, select: { id: true } });
    created.set(name, c.id);
  }
  const result: ImportResult = { scheduled: [], duplicates: [] };
  for (const row of v.rows) {
    const name = row.campaign?.isNew ? row.campaign.name : null;
    const input = name === null ? row.input : { ...row.input, campaignId: created.get(name)! };
    const r = await scheduleTask(prisma, workspaceId, input, now);
    (r.duplicate ? result.duplicates : result.scheduled).push({ line: row.line, postId: r.postId, taskIds: r.tasks.map((t) => t.id) });
  }
  return result;
}
