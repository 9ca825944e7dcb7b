// Bluesky: an app password for a handle on a PDS (bsky.social or self-hosted).
import { z } from "zod";

export const blueskyCredentials = z.object({
  service: z.url().default("https://bsky.social"),
  identifier: z.string().min(1),
  appPassword: z.string().min(1),
});
export type BlueskyCredentials = z.infer<typeof blueskyCredentials>;
