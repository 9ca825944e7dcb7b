// Reddit: simulation only until its adapter arrives (issue 13); no credentials are accepted yet.
import type { PlatformModule } from "../platform";
import { redditSpec } from "./spec";

export const reddit = {
  spec: redditSpec,
  credentials: null,
} satisfies PlatformModule;
