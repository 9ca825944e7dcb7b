// zod schemas for WhatsApp recipients and recipient lists (lib/recipients.ts; docs/whatsapp.md).
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";

const Id = z.string().trim().min(1).max(64);

/**
 * A phone number in international form ("+44 7911 123456", "0044 7911 123456"), checked with
 * libphonenumber-js; stored as WhatsApp's wa_id: the digits without "+".
 */
export const Phone = z
  .string()
  .trim()
  .max(40)
  .transform((raw, ctx) => {
    const n = parsePhoneNumberFromString(raw.replace(/^00/, "+"));
    if (!raw.startsWith("+") && !raw.startsWith("00")) {
      ctx.addIssue({ code: "custom", message: "Give the number in international form, with its country code: +44 7911 123456." });
      return z.NEVER;
    }
    if (!n?.isValid()) {
      ctx.addIssue({ code: "custom", message: "This is not a valid phone number." });
      return z.NEVER;
    }
    return n.number.slice(1);
  });

const OptInSource = z.string().trim().min(2, "Say where the person agreed to get messages (a web form, in store…).").max(200);
const When = z.iso.datetime({ offset: true });

export const CreateRecipientInput = z
  .object({
    phone: Phone,
    name: z.string().trim().min(1).max(200).optional(),
    /** Where the person agreed to get WhatsApp messages: required, WhatsApp's policy asks for it. */
    optInSource: OptInSource,
    /** When they agreed; now when left out. */
    optInAt: When.optional(),
    listIds: z.array(Id).max(50).optional(),
  })
  .strict();
export type CreateRecipientInput = z.infer<typeof CreateRecipientInput>;

export const UpdateRecipientInput = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    /** The lists the recipient is on, replacing the ones before. */
    listIds: z.array(Id).max(50).optional(),
    /** true: the person asked to stop (now); false: they agreed again (optInSource required). */
    optedOut: z.boolean().optional(),
    optInSource: OptInSource.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.optedOut === false && !v.optInSource) {
      ctx.addIssue({ code: "custom", path: ["optInSource"], message: "Say where the person agreed again before opting them back in." });
    }
  });
export type UpdateRecipientInput = z.infer<typeof UpdateRecipientInput>;

export const RecipientQuery = z
  .object({
    listId: Id.optional(),
    /** A part of the name or the number. */
    q: z.string().trim().max(100).optional(),
    status: z.enum(["opted_in", "opted_out", "all"]).default("all"),
    cursor: Id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type RecipientQuery = z.infer<typeof RecipientQuery>;

export const RecipientListInput = z.object({ name: z.string().trim().min(1, "Name the list.").max(100) }).strict();
export type RecipientListInput = z.infer<typeof RecipientListInput>;
