// zod schemas for the CSV bulk import (POST /api/import): the dryRun flag and one CSV row.
import { z } from "zod";

export const IMPORT_MAX_BYTES = 1_000_000;
export const IMPORT_MAX_ROWS = 500;

/** The columns a file may have (header row, case-insensitive); the first three are required. */
export const IMPORT_COLUMNS = ["text", "platforms", "time", "media_url", "alt_text", "campaign"] as const;
export const REQUIRED_COLUMNS = ["text", "platforms", "time"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

const Flag = z
  .union([z.boolean(), z.enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])], {
    error: () => "dryRun must be true or false (1 or 0).",
  })
  .transform((v) => v === true || v === "1" || v === "true" || v === "yes" || v === "on");

/** ?dryRun=1 (text/csv bodies) or the multipart field dryRun. */
export const ImportOptions = z.object({ dryRun: Flag.default(false) }).strict();
export type ImportOptions = z.infer<typeof ImportOptions>;

/** One row after trimming; platform/time/content checks that need the database follow in lib/import-csv.ts. */
export const ImportRow = z.object({
  text: z.string().max(100_000, "text is longer than 100,000 characters."),
  platforms: z.string().trim().min(1, "platforms is empty: name one or more platforms or account handles."),
  time: z.string().trim().min(1, "time is empty: give e.g. 2026-12-01 09:00 or 2026-12-01T09:00:00+01:00."),
  media_url: z
    .union([z.literal(""), z.url({ protocol: /^https?$/, error: "media_url must be an http(s) URL." })])
    .default(""),
  alt_text: z.string().max(2000, "alt_text is longer than 2,000 characters.").default(""),
  /** A campaign's name or id; a name the workspace does not have yet is created on import (lib/import-csv.ts). */
  campaign: z.string().trim().max(120, "campaign is longer than 120 characters: a campaign's name has at most 120.").default(""),
});
export type ImportRow = z.infer<typeof ImportRow>;
