// POST /api/accounts/oauth/pick — connect the accounts chosen from a sign-in that offered several
// (Meta: Pages and their Instagram accounts; admin, signed-in user in the session that signed in);
// answers the connected accounts' ids.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { HeraldError } from "@/lib/errors";
import { pickAccounts } from "@/lib/social/oauth";
import { OAuthPickInput } from "@/lib/validation/accounts";
import { auditFromRoute } from "@/lib/audit";

export const POST = withWorkspace(
  async (ctx) => {
    const { req, workspaceId, actor } = ctx;
    if (actor.type !== "user") throw new HeraldError("forbidden", "Choosing accounts from a sign-in needs the signed-in user who signed in.");
    const input = await readJson(req, OAuthPickInput);
    const { accounts } = await pickAccounts(db(), input.key, { workspaceId, userId: actor.userId, sessionId: actor.sessionId }, input.choices);
    for (const a of accounts) {
      await auditFromRoute(ctx, "account.connected", { target: { type: "account", id: a.id }, detail: { platform: a.platform, via: "oauth" } });
    }
    return Response.json({ success: true, accounts, connected: accounts.map((a) => a.id) }, { status: 201 });
  },
  { minRole: "admin", refuseApiKeys: "Choosing accounts from a sign-in needs the signed-in user who signed in; API keys can connect with credentials (POST /api/accounts)." },
);
