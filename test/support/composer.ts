// A composer account for the composer's unit tests: simulated, active, 300 characters, threads, 4 media.
import type { ComposerAccount } from "@/app/dashboard/compose/composer-state";

export const account = (id: string, platform: string): ComposerAccount => ({
  id,
  platform,
  label: platform,
  handle: `@${id}`,
  displayName: null,
  simulated: true,
  status: "active",
  maxLength: 300,
  threads: true,
  mediaMax: 4,
});
