// WhatsApp Cloud API: no feed; a text message (4,096 characters) or one media message to
// opted-in recipients.
import type { PlatformSpec } from "../spec";

export const whatsappSpec: PlatformSpec = {
  platform: "whatsapp",
  label: "WhatsApp",
  maxLength: 4096,
  media: { max: 1 },
  threads: false,
  permalink: (_handle, id) => `whatsapp:message/${id}`,
};
