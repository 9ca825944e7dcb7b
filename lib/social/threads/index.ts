// Threads: simulation only until its adapter arrives (issue 13); no credentials are accepted yet.
import type { PlatformModule } from "../platform";
import { threadsSpec } from "./spec";

export const threads = {
  spec: threadsSpec,
  credentials: null,
} satisfies PlatformModule;
