// GET /api/notifications/preferences — the calling member's switches { emailNotifications, weeklyDigest }; PUT — change them.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { getPreferences, setPreferences } from "@/lib/notifications";
import { NotificationPreferencesInput } from "@/lib/validation/notifications";
import { NOT_A_MEMBER, memberOf } from "../member";

export const GET = withWorkspace(
  async ({ workspaceId, actor }) => ({ success: true, preferences: await getPreferences(db(), memberOf(workspaceId, actor)) }),
  { minRole: "viewer", refuseApiKeys: NOT_A_MEMBER },
);

// A viewer may switch their own emails too: it changes nothing but their inbox.
export const PUT = withWorkspace(
  async ({ req, workspaceId, actor }) => ({
    success: true,
    preferences: await setPreferences(db(), memberOf(workspaceId, actor), await readJson(req, NotificationPreferencesInput), clock.now()),
  }),
  { minRole: "viewer", refuseApiKeys: NOT_A_MEMBER },
);
