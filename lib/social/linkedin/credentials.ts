// LinkedIn: a member or organization access token (w_member_social / w_organization_social) and
// the author URN posts are made as. refreshToken, clientId and clientSecret allow refreshing.
import { z } from "zod";

export const linkedinCredentials = z.object({
  accessToken: z.string().min(1),
  authorUrn: z.string().regex(/^urn:li:(person|organization):[\w-]+$/, "Must be urn:li:person:… or urn:li:organization:…"),
  refreshToken: z.string().min(1).optional(),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
});
export type LinkedinCredentials = z.infer<typeof linkedinCredentials>;
