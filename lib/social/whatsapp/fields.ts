// What a WhatsApp post needs besides its text and media (config.whatsapp of a schedule request,
// carried on the task and handed to the adapter as PublishContent.whatsapp): who gets it (recipient
// lists and single recipients of the workspace, opted in), the approved template for recipients
// outside the 24-hour window, and an optional document (a PDF or other file at a public address).
// One schema for the API and the stored task config; that a WhatsApp target names somebody is the
// spec's check (checkWhatsappFields), and whether those people exist and opted in is checked
// against the workspace's recipients (./audience.ts). How it is sent: docs/whatsapp.md.
import { z } from "zod";
import type { PublishContent, ValidationProblem } from "../types";

const Id = z.string().trim().min(1).max(64);

/** Template names are lowercase letters, digits and underscores (WhatsApp Manager's rule). */
export const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
/** A template's language code, as WhatsApp lists them: en, en_US, pt_BR, zh_Hant… */
export const TEMPLATE_LANGUAGE = /^[a-z]{2,3}(_[A-Za-z]{2,4})?$/;

export const WhatsappTemplate = z
  .object({
    name: z.string().trim().regex(TEMPLATE_NAME, "A template name is lowercase letters, digits and _ as in WhatsApp Manager."),
    language: z.string().trim().regex(TEMPLATE_LANGUAGE, "The template's language code, e.g. en_US."),
    /** The values of the body's {{1}}, {{2}}, … in order. */
    params: z.array(z.string().trim().min(1, "A template value cannot be empty.").max(1024)).max(20).optional(),
  })
  .strict();
export type WhatsappTemplate = z.infer<typeof WhatsappTemplate>;

export const WhatsappFields = z
  .object({
    /** Recipient lists of the workspace: everyone on them who opted in and has not opted out. */
    listIds: z.array(Id).max(50).optional(),
    /** Single recipients of the workspace; each must have opted in. */
    recipientIds: z.array(Id).max(1000).optional(),
    /**
     * An approved template for recipients outside the 24-hour window (WhatsApp allows nothing else
     * there). Without one they are skipped, and say so.
     */
    template: WhatsappTemplate.optional(),
    /** A file to send (a menu, a price list): WhatsApp fetches it from this public https address. */
    document: z
      .object({
        url: z.url({ protocol: /^https$/, error: "The document's address must be an https URL." }).max(2000),
        filename: z.string().trim().min(1).max(240).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type WhatsappFields = z.infer<typeof WhatsappFields>;

/** WhatsApp's own rules on a post (whatsappSpec.fields): somebody to send it to, one attachment at most. */
export function checkWhatsappFields(content: PublishContent): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const w = content.whatsapp;
  if (!w?.listIds?.length && !w?.recipientIds?.length) {
    problems.push({ platform: "whatsapp", field: "whatsapp.listIds", message: "Choose a recipient list (or recipients) for the WhatsApp message." });
  }
  if (w?.document && content.media?.length) {
    problems.push({ platform: "whatsapp", field: "whatsapp.document", message: "A WhatsApp message carries one attachment: a document or a photo or a video, not both." });
  }
  if (content.media?.some((m) => m.type === "gif")) {
    problems.push({ platform: "whatsapp", field: "media", message: "WhatsApp does not send GIFs as such; use a photo or a video." });
  }
  if (content.firstComment?.trim()) {
    problems.push({ platform: "whatsapp", field: "firstComment", message: "WhatsApp messages have no comments." });
  }
  return problems;
}
