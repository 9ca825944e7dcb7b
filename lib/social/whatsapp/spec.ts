// WhatsApp Cloud API: no feed. A post is one message to the workspace's opted-in recipients
// (config.whatsapp: ./fields.ts): text (4,096 characters), or one photo, video or document with
// the text as its caption (1,024 characters), or an approved template for recipients outside the
// 24-hour window. How it is sent and tracked: docs/whatsapp.md.
// Images: image/jpeg or image/png, ≤ 5 MB; videos: MP4 (H.264 and AAC) ≤ 16 MB.
import type { PlatformSpec } from "../spec";
import { checkWhatsappFields } from "./fields";

/** A media message's caption. */
export const WHATSAPP_CAPTION_MAX = 1024;
export const WHATSAPP_VIDEO_MAX_BYTES = 16_000_000;

export const whatsappSpec: PlatformSpec = {
  platform: "whatsapp",
  label: "WhatsApp",
  maxLength: 4096,
  /** The adapter appends the link to the message (composeText): it counts against the 4,096. */
  linkInText: true,
  media: { max: 1 },
  images: { maxBytes: 5_000_000, formats: ["jpeg", "png"] },
  /** No length limit, 16 MB, H.264 with AAC or no sound. Video rules: docs/adapters.md, "Video rules". */
  videos: {
    containers: ["mp4", "3gp"],
    videoCodecs: ["h264"],
    audioCodecs: ["aac"],
    maxBytes: WHATSAPP_VIDEO_MAX_BYTES,
  },
  threads: false,
  fields: { needs: "a recipient list", check: checkWhatsappFields },
  style: "a direct, personal message to customers who opted in; no hashtags",
  hashtags: 0,
  permalink: (_handle, id) => `whatsapp:message/${id}`,
};
