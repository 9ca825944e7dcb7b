// WhatsApp Cloud API account: the business phone number's id (WhatsApp Manager, API setup), a
// system user's permanent token with whatsapp_business_messaging (and
// whatsapp_business_management to list templates), and the WhatsApp Business Account's id, whose
// approved templates the composer offers. System-user tokens do not expire: nothing to refresh.
import { z } from "zod";

const GraphId = z.string().trim().regex(/^\d{5,30}$/, "A Graph id is digits only, as WhatsApp Manager shows it.");

export const whatsappCredentials = z.object({
  phoneNumberId: GraphId,
  accessToken: z.string().min(1),
  businessAccountId: GraphId.optional(),
});
export type WhatsappCredentials = z.infer<typeof whatsappCredentials>;
