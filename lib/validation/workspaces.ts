// zod schemas for workspaces and switching between them.
import { z } from "zod";
import { isValidTimeZone } from "../scheduler/recurrence";

export const TimeZone = z
  .string()
  .trim()
  .min(1, "Choose a time zone.")
  .max(64)
  .refine(isValidTimeZone, { message: "Use an IANA time zone such as Europe/Berlin or America/New_York." });

export const CreateWorkspaceInput = z
  .object({
    name: z.string().trim().min(1, "Give the workspace a name.").max(100, "Keep the name under 100 characters."),
    timeZone: TimeZone.default("UTC"),
  })
  .strict();
export type CreateWorkspaceInput = z.infer<typeof CreateWorkspaceInput>;

export const SwitchWorkspaceInput = z
  .object({
    workspaceId: z.string().trim().min(1, "Say which workspace to switch to.").max(100),
  })
  .strict();
export type SwitchWorkspaceInput = z.infer<typeof SwitchWorkspaceInput>;
