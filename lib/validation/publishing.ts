// zod schema of the emergency stop's switch (docs/decisions.md, "Emergency stop").
import { z } from "zod";

export const SetPublishingInput = z
  .object({
    /** true: pause all publishing of the workspace; false: resume it. */
    paused: z.boolean({ message: "Use true to pause publishing or false to resume it." }),
  })
  .strict();
export type SetPublishingInput = z.infer<typeof SetPublishingInput>;
