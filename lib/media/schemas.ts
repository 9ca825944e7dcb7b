// zod schemas for the media API (types via z.infer).
import { z } from "zod";

// 1,500 characters is Mastodon's default limit for descriptions; X truncates at 1,000 itself.
export const AltText = z
  .string()
  .trim()
  .max(1500, "altText may have at most 1,500 characters.")
  .optional()
  .transform((v) => (v === "" ? undefined : v));

export const ImportMediaInput = z
  .object({
    url: z.url({ protocol: /^https?$/, error: "Must be an http(s) URL." }),
    altText: AltText,
  })
  .strict();

export type ImportMediaInput = z.infer<typeof ImportMediaInput>;

export const ListMediaQuery = z
  .object({
    kind: z.enum(["image", "video", "gif"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).optional(),
  })
  .strict();

export type ListMediaQuery = z.infer<typeof ListMediaQuery>;

/** Asset ids are random (see assets.ts); anything else cannot name one. */
export const MediaId = z.string().regex(/^m[0-9a-z]{25}$/, "Not a media id.");
