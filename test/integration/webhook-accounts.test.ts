// A Meta webhook names an account by the network's own id (IG user id, WhatsApp phone number id),
// which lives in the encrypted credentials. SocialAccount.webhookAccountId keeps a copy, written
// with the credentials and filled in for older rows by the first delivery that reads them
// (lib/social/webhook-accounts.ts, docs/inbox.md).
import { describe, expect, it } from "vitest";
import { createAccount, updateAccount } from "../../lib/accounts";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { accountsByWebhookId } from "../../lib/social/webhook-accounts";
import { workspaceWithKey } from "../support/factories";

const columnOf = async (id: string) => (await db().socialAccount.findUniqueOrThrow({ where: { id }, select: { webhookAccountId: true } })).webhookAccountId;

describe("webhook account ids", () => {
  it("are written with the credentials when an account is connected or reconnected, and only for networks whose webhooks use them", async () => {
    const { workspace } = await workspaceWithKey();
    const ig = await createAccount(db(), workspace.id, { platform: "instagram", handle: "bakery.ig", credentials: { igUserId: "17841400000000001", accessToken: "t" } });
    const wa = await createAccount(db(), workspace.id, { platform: "whatsapp", handle: "bakery-wa", credentials: { phoneNumberId: "1098765432101", accessToken: "t" } });
    const threads = await createAccount(db(), workspace.id, { platform: "threads", handle: "bakery.threads", credentials: { threadsUserId: "2501", accessToken: "t" } });
    const simulated = await createAccount(db(), workspace.id, { platform: "instagram", handle: "sim.ig" });
    expect(await columnOf(ig.id)).toBe("17841400000000001");
    expect(await columnOf(wa.id)).toBe("1098765432101");
    expect(await columnOf(threads.id)).toBeNull();
    expect(await columnOf(simulated.id)).toBeNull();

    await updateAccount(db(), workspace.id, ig.id, { credentials: { igUserId: "17841400000000002", accessToken: "t2" } });
    expect(await columnOf(ig.id)).toBe("17841400000000002");
    expect(await accountsByWebhookId(db(), "instagram", "17841400000000001")).toEqual([]);
    expect(await accountsByWebhookId(db(), "instagram", "17841400000000002")).toEqual([{ id: ig.id, workspaceId: workspace.id }]);
    expect(await accountsByWebhookId(db(), "whatsapp", "1098765432101")).toEqual([{ id: wa.id, workspaceId: workspace.id }]);
  });

  it("are read from the credentials of accounts connected before the column, once, and then found without them", async () => {
    const { workspace } = await workspaceWithKey();
    const other = await workspaceWithKey("Other Bakery");
    const older = (workspaceId: string, handle: string, credentials: string) =>
      db().socialAccount.create({ data: { workspaceId, platform: "instagram", handle, credentials }, select: { id: true } });
    const mine = await older(workspace.id, "mine", encryptJson({ igUserId: "1001", accessToken: "t" }));
    const theirs = await older(other.workspace.id, "theirs", encryptJson({ igUserId: "1001", accessToken: "t" }));
    const elsewhere = await older(workspace.id, "elsewhere", encryptJson({ igUserId: "2002", accessToken: "t" }));
    const noId = await older(workspace.id, "no-id", encryptJson({ accessToken: "t" }));
    const unreadable = await older(workspace.id, "unreadable", "not a ciphertext");
    const inactive = await older(workspace.id, "inactive", encryptJson({ igUserId: "1001", accessToken: "t" }));
    await db().socialAccount.update({ where: { id: inactive.id }, data: { status: "needs_reconnect" } });

    const found = await accountsByWebhookId(db(), "instagram", "1001", { status: "active" });
    expect(found.map((a) => a.id).sort()).toEqual([mine.id, theirs.id].sort());
    // Every active row read has its id now ("" when its credentials name none); the unreadable
    // one is left for a later read, the inactive one was not read.
    expect(await columnOf(mine.id)).toBe("1001");
    expect(await columnOf(theirs.id)).toBe("1001");
    expect(await columnOf(elsewhere.id)).toBe("2002");
    expect(await columnOf(noId.id)).toBe("");
    expect(await columnOf(unreadable.id)).toBeNull();
    expect(await columnOf(inactive.id)).toBeNull();

    // From now on the column alone finds them: credentials nobody can read no longer matter.
    await db().socialAccount.updateMany({ where: { id: { in: [mine.id, elsewhere.id] } }, data: { credentials: "not a ciphertext either" } });
    expect(await accountsByWebhookId(db(), "instagram", "1001", { status: "active" })).toEqual(expect.arrayContaining([{ id: mine.id, workspaceId: workspace.id }]));
    expect(await accountsByWebhookId(db(), "instagram", "2002")).toEqual([{ id: elsewhere.id, workspaceId: workspace.id }]);
    expect(await accountsByWebhookId(db(), "whatsapp", "1001")).toEqual([]);
  });
});
