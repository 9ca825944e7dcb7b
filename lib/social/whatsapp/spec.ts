// WhatsApp Cloud API: no feed; a text message (4,096 characters) or one media message to
// opted-in recipients.
// Images: Cloud API image messages: image/jpeg or image/png, ≤ 5 MB.
import type { PlatformSpec } from "../spec";

export const whatsappSpec: PlatformSpec = {
  platform: "whatsapp",
  label: "WhatsApp",
  maxLength: 4096,
  media: { max: 1 },
  images: { maxBytes: 5_000_000, formats: ["jpeg", "png"] },
  threads: false,
  style: "a direct, personal message to customers who opted in; no hashtags",
  hashtags: 0,
  permalink: (_handle, id) => `whatsapp:message/${id}`,
};
