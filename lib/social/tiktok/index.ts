// TikTok: simulation only until its adapter arrives (issue 13); no credentials are accepted yet.
import type { PlatformModule } from "../platform";
import { tiktokSpec } from "./spec";

export const tiktok = {
  spec: tiktokSpec,
  credentials: null,
} satisfies PlatformModule;
