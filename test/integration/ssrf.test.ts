// The reported attack (SSRF): an account whose Mastodon instanceUrl or Bluesky service points at a
// server inside Herald's own network. Connecting it is refused with a field error; an account
// stored anyway (created before, or a name whose DNS answer changed) publishes nothing: no request
// reaches that server, the task fails for good with "address_not_allowed", and nothing the server
// could have said ends up in lastError or the result. Also media URLs from the schedule API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as accounts from "../../app/api/accounts/route";
import * as account from "../../app/api/accounts/[id]/route";
import * as schedule from "../../app/api/agent/schedule/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { params, req, runProcessor, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const ALLOW_FOR_TESTS = process.env.HERALD_FETCH_ALLOW_HOSTS;
const SECRET = "INTERNAL-ADMIN-PANEL-SECRET-4711";

function allowHosts(value: string) {
  process.env.HERALD_FETCH_ALLOW_HOSTS = value;
  resetEnvCache();
}

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

let internal: FixtureServer;

beforeAll(async () => {
  internal = await startFixtureServer();
  // An internal service that would happily answer anything, with something secret in every reply.
  for (const method of ["GET", "POST"]) {
    internal.on(method, /.*/, () => ({
      json: { id: "1", url: `${SECRET}/status`, uri: SECRET, accessJwt: SECRET, refreshJwt: SECRET, did: "did:plc:x", handle: SECRET, error: SECRET },
    }));
  }
});

afterAll(() => internal.close());

afterEach(() => allowHosts(ALLOW_FOR_TESTS ?? ""));

/** A stored account pointing at the internal server, as if connected before the guard (or via DNS rebinding). */
async function storedAccount(workspaceId: string, platform: "mastodon" | "bluesky") {
  const credentials =
    platform === "mastodon"
      ? { instanceUrl: internal.url, accessToken: "stored-bearer-token" }
      : { service: internal.url, identifier: "bakery.example", appPassword: "abcd-efgh-ijkl-mnop" };
  return db().socialAccount.create({
    data: { workspaceId, platform, handle: "bakery", credentials: encryptJson(credentials) },
  });
}

describe("accounts pointed at a private address (SSRF)", () => {
  it("refuses to connect a Mastodon instanceUrl or Bluesky service on a private address (POST and PATCH), with a field error", async () => {
    allowHosts("");
    const { key } = await workspaceWithKey();
    const cases = [
      { platform: "mastodon", credentials: { instanceUrl: internal.url, accessToken: "t" }, field: "credentials.instanceUrl" },
      { platform: "mastodon", credentials: { instanceUrl: "http://169.254.169.254", accessToken: "t" }, field: "credentials.instanceUrl" },
      { platform: "mastodon", credentials: { instanceUrl: `http://localhost:${new URL(internal.url).port}`, accessToken: "t" }, field: "credentials.instanceUrl" },
      { platform: "bluesky", credentials: { service: internal.url, identifier: "a.example", appPassword: "p" }, field: "credentials.service" },
      { platform: "bluesky", credentials: { service: "http://[::ffff:10.0.0.1]", identifier: "a.example", appPassword: "p" }, field: "credentials.service" },
    ];
    for (const c of cases) {
      const r = await json(await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: c.platform, handle: "x", credentials: c.credentials } })));
      expect(r.status, JSON.stringify(c)).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.fields).toEqual([{ path: c.field, message: expect.stringMatching(/private, local or reserved address/) }]);
    }
    // Reconnecting an existing (simulated) account with such credentials is refused the same way.
    const sim = await json(await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "mastodon", handle: "sim" } })));
    expect(sim.status).toBe(201);
    const patched = await json(
      await account.PATCH(
        req("PATCH", `/api/accounts/${sim.body.account.id}`, { key, body: { credentials: { instanceUrl: internal.url, accessToken: "t" } } }),
        params({ id: sim.body.account.id }),
      ),
    );
    expect(patched.status).toBe(400);
    expect(patched.body.error.fields[0].path).toBe("credentials.instanceUrl");
    expect(await db().socialAccount.count({ where: { credentials: { not: null } } })).toBe(0);
    expect(internal.requests).toHaveLength(0);
  });

  for (const platform of ["mastodon", "bluesky"] as const) {
    it(`publishing to a stored ${platform} account on a private address sends nothing there and fails readably`, async () => {
      const { workspace, key } = await workspaceWithKey();
      const acct = await storedAccount(workspace.id, platform);
      allowHosts("");
      internal.reset();
      const s = await json(await schedule.POST(req("POST", "/api/agent/schedule", { key, body: { accountId: acct.id, content: "Fresh rolls from 7am!" } })));
      expect(s.status).toBe(201);
      await runProcessor({ workspaceId: workspace.id });

      expect(internal.requests).toEqual([]);
      const task = await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, accountId: acct.id } });
      expect(task).toMatchObject({ status: "failed", lastErrorCode: "address_not_allowed", lastFailureClass: "permanent" });
      expect(task.lastError).toMatch(/127\.0\.0\.1 is a private, local or reserved address/);
      const target = await db().postTarget.findFirstOrThrow({ where: { id: task.postTargetId! } });
      expect(target).toMatchObject({ status: "failed", url: null });
      const everything = JSON.stringify([task, target]);
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toMatch(/stored-bearer-token|abcd-efgh/);
    });
  }

  it("refuses a media URL on a private address at publish time (config.media from the schedule API)", async () => {
    const { workspace, key } = await workspaceWithKey();
    const acct = await storedAccount(workspace.id, "mastodon");
    // The Mastodon server is allowed here; only the media URL's host (localhost) is not.
    allowHosts(`127.0.0.1:${new URL(internal.url).port}`);
    internal.reset();
    const mediaUrl = `http://user:media-pw@localhost:${new URL(internal.url).port}/photo.jpg`;
    const s = await json(
      await schedule.POST(
        req("POST", "/api/agent/schedule", { key, body: { accountId: acct.id, content: "With a photo", config: { media: [{ url: mediaUrl, type: "image" }] } } }),
      ),
    );
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    await runProcessor({ workspaceId: workspace.id });
    const task = await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, accountId: acct.id } });
    expect(task).toMatchObject({ status: "failed", lastFailureClass: "permanent" });
    expect(["credentials_in_url", "address_not_allowed"]).toContain(task.lastErrorCode);
    expect(task.lastError).not.toMatch(/media-pw|user:/);
    expect(internal.requests.filter((r) => r.path === "/photo.jpg")).toEqual([]);
    expect(internal.requests.filter((r) => r.path === "/api/v1/statuses")).toEqual([]);
  });
});
