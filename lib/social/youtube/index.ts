// YouTube: simulation only until its adapter arrives (issue 13); no credentials are accepted yet.
import type { PlatformModule } from "../platform";
import { youtubeSpec } from "./spec";

export const youtube = {
  spec: youtubeSpec,
  credentials: null,
} satisfies PlatformModule;
