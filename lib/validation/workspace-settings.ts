// zod schemas for a workspace's settings: name, time zone, weekly posting slots, brand voice, API keys.
import { z } from "zod";
import { TimeZone } from "./workspaces";

/** "HH:mm", 24-hour clock, in the workspace's time zone. */
export const SlotTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a 24-hour time such as 09:30.");

/** One weekly posting slot: ISO weekday (1 = Monday … 7 = Sunday) and a time of day. */
export const PostingSlot = z
  .object({
    weekday: z.number().int().min(1, "Weekdays run from 1 (Monday) to 7 (Sunday).").max(7, "Weekdays run from 1 (Monday) to 7 (Sunday)."),
    time: SlotTime,
  })
  .strict();
export type PostingSlot = z.infer<typeof PostingSlot>;

export const PostingSlots = z
  .array(PostingSlot)
  .max(336, "At most 336 slots a week (every half hour).")
  .refine((slots) => new Set(slots.map((s) => `${s.weekday} ${s.time}`)).size === slots.length, "Each slot may appear only once.");

export const EMOJI_USE = ["none", "few", "many"] as const;

/** A domain such as example.com; "https://", "*." and a path are tolerated and dropped. */
const AllowedDomain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^[a-z]+:\/\//, "").replace(/[/:].*$/, "").replace(/^\*?\./, "").replace(/\.$/, ""))
  .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9\p{L}]([a-z0-9\p{L}-]{0,61}[a-z0-9\p{L}])?\.)+[a-z\p{L}]{2,63}$/u, "Use a domain such as example.com."));

export const LinkPolicy = z
  .object({
    /** Links may only go to these domains and their subdomains; empty = any domain. */
    allowedDomains: z.array(AllowedDomain).max(100, "At most 100 domains.").default([]),
    /** Refuse bit.ly, t.co and other shorteners, which hide where a link goes. */
    blockShorteners: z.boolean({ message: "Use true or false." }).default(true),
    /** Refuse http:// links. */
    requireHttps: z.boolean({ message: "Use true or false." }).default(true),
  })
  .strict();
export type LinkPolicy = z.infer<typeof LinkPolicy>;

export const BrandVoice = z
  .object({
    tone: z.string().trim().max(80, "Keep the tone under 80 characters.").default(""),
    /** A BCP 47 language tag such as en, de or pt-BR. */
    language: z
      .string()
      .trim()
      .max(35)
      .regex(/^$|^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language tag such as en, de or pt-BR.")
      .default(""),
    emoji: z.enum(EMOJI_USE, { message: "Choose none, few or many." }).default("few"),
    maxHashtags: z.number().int().min(0, "Use 0 to 30.").max(30, "Use 0 to 30.").default(3),
    avoidWords: z.array(z.string().trim().min(1).max(60, "Keep each word under 60 characters.")).max(100, "At most 100 words.").default([]),
    guidelines: z.string().max(4000, "Keep the guidelines under 4,000 characters.").default(""),
    /** Checked before scheduling (lib/ai/compliance.ts); brand voices stored before it existed get the defaults. */
    linkPolicy: LinkPolicy.prefault({}),
  })
  .strict();
export type BrandVoice = z.infer<typeof BrandVoice>;

/** Stored posting slots read back through the schema; anything unreadable is no slots. */
export function postingSlotsOf(json: unknown): PostingSlot[] {
  const parsed = PostingSlots.safeParse(json ?? []);
  return parsed.success ? parsed.data : [];
}

/** A stored brand voice read back through the schema; anything unreadable falls back to the defaults. */
export function brandVoiceOf(json: unknown): BrandVoice {
  const parsed = BrandVoice.safeParse(json ?? {});
  return parsed.success ? parsed.data : BrandVoice.parse({});
}

export const UpdateWorkspaceSettingsInput = z
  .object({
    name: z.string().trim().min(1, "Give the workspace a name.").max(100, "Keep the name under 100 characters.").optional(),
    timeZone: TimeZone.optional(),
    postingSlots: PostingSlots.optional(),
    brandVoice: BrandVoice.optional(),
    /** Posts scheduled by editors wait for an admin's approval (lib/approval.ts). */
    requireApproval: z.boolean({ message: "Use true or false." }).optional(),
    /** The monthly AI budget in US dollars; null: the deployment's default (AI_MONTHLY_CAP_USD). */
    aiMonthlyCapUsd: z.number({ message: "Use an amount in US dollars." }).min(0, "Use 0 or more.").max(10_000, "At most $10,000 a month.").nullable().optional(),
    /** Autopilot schedules its drafts directly (unless one needs review) instead of holding them for approval. */
    autopilotAutoSchedule: z.boolean({ message: "Use true or false." }).optional(),
  })
  .strict();
export type UpdateWorkspaceSettingsInput = z.infer<typeof UpdateWorkspaceSettingsInput>;

export const CreateApiKeyInput = z
  .object({
    name: z.string().trim().min(1, "Give the key a name, e.g. the script that will use it.").max(100, "Keep the name under 100 characters."),
  })
  .strict();
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

const MAX_ACCOUNT_IDS = 50;

export const NextSlotQuery = z
  .object({
    /** Comma-separated account ids; the slot must be free for all of them. Omitted: the whole workspace. */
    accountIds: z
      .string()
      .optional()
      .transform((s) => (s ? [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))] : []))
      .refine((ids) => ids.length <= MAX_ACCOUNT_IDS, `At most ${MAX_ACCOUNT_IDS} accounts.`),
    /** "next": the earliest free slot; "best": the free slot of the next 7 days with the best best-time score (lib/ai/best-time.ts). */
    strategy: z.enum(["next", "best"], { message: "Use next or best." }).default("next"),
  })
  .strict();
export type NextSlotQuery = z.infer<typeof NextSlotQuery>;
