// Credential key rotation (docs/decisions.md, "Credential key rotation"): with a new
// CREDENTIALS_KEY and the old one as CREDENTIALS_KEY_PREVIOUS, everything stays readable;
// rotateCredentials seals every credential and OAuth state again with the new key, leaves rows no
// key opens alone and names them by id, loses no concurrent write, and can run again.
import { afterEach, describe, expect, it } from "vitest";
import { currentKeyId, decryptJson, encryptJson, keyIdOf } from "../../lib/crypto";
import { rotateCredentials } from "../../lib/credentials-rotation";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { OAUTH_STATE_PREFIX } from "../../lib/social/oauth";
import { loadAccounts } from "../../lib/social/accounts";
import { workspaceWithKey } from "../support/factories";

const OLD = "0".repeat(64); // test/support/per-file-db.ts's key
const NEW = "1".repeat(64);
const STRANGER = Buffer.alloc(32, 7).toString("base64");

function useKeys(current: string, previous?: string) {
  process.env.CREDENTIALS_KEY = current;
  if (previous) process.env.CREDENTIALS_KEY_PREVIOUS = previous;
  else delete process.env.CREDENTIALS_KEY_PREVIOUS;
  resetEnvCache();
}
afterEach(() => useKeys(OLD));

async function account(workspaceId: string, secret: string) {
  return db().socialAccount.create({
    data: { workspaceId, platform: "mastodon", handle: `@${secret}@example.social`, credentials: encryptJson({ accessToken: secret }) },
    select: { id: true, credentials: true },
  });
}

describe("credential key rotation", () => {
  it("seals with the current key's id, reads the previous key's and the old unlabelled format, and says which key is missing", () => {
    useKeys(OLD);
    const sealed = encryptJson({ accessToken: "a" });
    const oldId = currentKeyId();
    expect(sealed.startsWith(`v2:${oldId}:`)).toBe(true);
    // What Herald wrote before key ids (v1): iv, tag and data with the same key.
    const [, , iv, tag, data] = sealed.split(":");
    const v1 = ["v1", iv, tag, data].join(":");

    useKeys(NEW, OLD);
    expect(currentKeyId()).not.toBe(oldId);
    expect(decryptJson(sealed)).toEqual({ accessToken: "a" });
    expect(decryptJson(v1)).toEqual({ accessToken: "a" });
    expect(keyIdOf(encryptJson({ x: 1 }))).toBe(currentKeyId());

    useKeys(NEW);
    expect(() => decryptJson(sealed)).toThrow(`encrypted with a key that is not configured (key id ${oldId})`);
    expect(() => decryptJson(v1)).toThrow("could not be decrypted with CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS");
    expect(() => decryptJson("v3:abc")).toThrow("Unrecognised credentials format.");
  });

  it("re-encrypts every credential and OAuth state with the new key, reports what no key opens, and can run again", async () => {
    useKeys(OLD);
    const { workspace } = await workspaceWithKey("Rotation Bakery");
    const accounts = [await account(workspace.id, "tok-one"), await account(workspace.id, "tok-two")];
    const state = await db().verification.create({
      data: { identifier: `${OAUTH_STATE_PREFIX}mastodon:abc`, value: encryptJson({ verifier: "v" }), expiresAt: new Date(Date.UTC(2040, 0, 1)) },
    });
    useKeys(STRANGER);
    const lost = await account(workspace.id, "tok-lost");

    // The new key is current, the old one still read: Herald keeps working before the rotation.
    useKeys(NEW, OLD);
    const loaded = await loadAccounts(db(), workspace.id, accounts.map((a) => a.id));
    expect([...loaded.values()].map((a) => a.credentials?.accessToken).sort()).toEqual(["tok-one", "tok-two"]);

    const first = await rotateCredentials(db(), { batchSize: 1 });
    expect(first.unreadable).toEqual([`SocialAccount:${lost.id}`]);
    expect(first.rotated).toBeGreaterThanOrEqual(3);
    const rows = await db().socialAccount.findMany({ where: { id: { in: accounts.map((a) => a.id) } }, select: { credentials: true } });
    expect(rows.map((r) => keyIdOf(r.credentials!))).toEqual([currentKeyId(), currentKeyId()]);
    expect(keyIdOf((await db().verification.findUniqueOrThrow({ where: { id: state.id } })).value)).toBe(currentKeyId());
    // What no key opens is left exactly as it was.
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: lost.id }, select: { credentials: true } })).credentials).toBe(lost.credentials);

    // The old key can go: everything rotated still opens.
    useKeys(NEW);
    const after = await loadAccounts(db(), workspace.id, accounts.map((a) => a.id));
    expect([...after.values()].map((a) => a.credentials?.accessToken).sort()).toEqual(["tok-one", "tok-two"]);
    expect(decryptJson((await db().verification.findUniqueOrThrow({ where: { id: state.id } })).value)).toEqual({ verifier: "v" });
    const again = await rotateCredentials(db());
    expect(again.rotated).toBe(0);
    expect(again.current).toBeGreaterThanOrEqual(3);
    expect(again.unreadable).toContain(`SocialAccount:${lost.id}`);
  });

  it("leaves a row to a writer that changed it between the read and the write", async () => {
    useKeys(OLD);
    const { workspace } = await workspaceWithKey("Race Bakery");
    const a = await account(workspace.id, "tok-before");
    useKeys(NEW, OLD);
    // A token refresh lands after the rotation read the row: the guarded write must not undo it.
    const refreshed = encryptJson({ accessToken: "tok-refreshed" });
    const original = db().socialAccount.findMany.bind(db().socialAccount);
    let intercepted = false;
    const spy = async (...args: Parameters<typeof original>) => {
      const rows = await original(...args);
      if (!intercepted && rows.some((r) => r.id === a.id)) {
        intercepted = true;
        await db().socialAccount.update({ where: { id: a.id }, data: { credentials: refreshed } });
      }
      return rows;
    };
    const prisma = new Proxy(db(), {
      get: (target, prop) => (prop === "socialAccount" ? new Proxy(target.socialAccount, { get: (t, p) => (p === "findMany" ? spy : Reflect.get(t, p)) }) : Reflect.get(target, prop)),
    });
    const r = await rotateCredentials(prisma);
    expect(intercepted).toBe(true);
    expect(r.raced).toBeGreaterThanOrEqual(1);
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: a.id }, select: { credentials: true } })).credentials).toBe(refreshed);
  });
});
