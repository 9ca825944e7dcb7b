// zod schemas for the campaigns API (create, edit).
import { z } from "zod";

const Name = z.string().trim().min(1, "Give the campaign a name.").max(120);
const Brief = z.string().trim().max(4000);

export const CreateCampaignInput = z.object({ name: Name, brief: Brief.default("") }).strict();
export type CreateCampaignInput = z.infer<typeof CreateCampaignInput>;

export const UpdateCampaignInput = z
  .object({ name: Name.optional(), brief: Brief.optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.brief !== undefined, "Give a name or a brief.");
export type UpdateCampaignInput = z.infer<typeof UpdateCampaignInput>;
