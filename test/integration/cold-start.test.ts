// Cold starts (docs/decisions.md, "Cold starts"): a request with an API key, and the cron's process
// call, never load Better Auth's server or API modules — only a request with a session cookie does
// — nor the atproto libraries, which only a Bluesky account's calls need (scheduling a Bluesky
// post does not). Each of these entry points is replaced by a module that throws when it is
// loaded, so an import of it anywhere on these paths fails the request.
import { describe, expect, it, vi } from "vitest";
import { req, workspaceWithKey } from "../support/factories";

vi.mock("better-auth", () => {
  throw new Error("better-auth was loaded on a path that must not need it");
});
vi.mock("better-auth/api", () => {
  throw new Error("better-auth/api was loaded on a path that must not need it");
});
vi.mock("better-auth/cookies", () => {
  throw new Error("better-auth/cookies was loaded on a path that must not need it");
});
vi.mock("better-auth/adapters/prisma", () => {
  throw new Error("better-auth/adapters/prisma was loaded on a path that must not need it");
});
vi.mock("better-auth/plugins/organization", () => {
  throw new Error("better-auth/plugins/organization was loaded on a path that must not need it");
});

vi.mock("@atproto/api", () => {
  throw new Error("@atproto/api was loaded on a path that must not need it");
});
vi.mock("@atproto/oauth-client-node", () => {
  throw new Error("@atproto/oauth-client-node was loaded on a path that must not need it");
});

describe("cold start without Better Auth or the atproto libraries", () => {
  it("answers an API-key request (list and schedule) and refuses one without credentials", async () => {
    const tasks = await import("../../app/api/agent/tasks/route");
    const schedule = await import("../../app/api/agent/schedule/route");
    const accounts = await import("../../app/api/accounts/route");
    const { key } = await workspaceWithKey();
    const list = await tasks.GET(req("GET", "/api/agent/tasks", { key }));
    expect(list.status).toBe(200);
    const made = await accounts.POST(req("POST", "/api/accounts", { key, body: { platform: "bluesky", handle: "cold.example" } }));
    expect(made.status).toBe(201);
    const { account } = (await made.json()) as { account: { id: string } };
    const posted = await schedule.POST(
      req("POST", "/api/agent/schedule", { key, body: { accountIds: [account.id], content: "Fresh rye at the stall.", scheduledAt: "2031-05-06T07:08:09.000Z" } }),
    );
    expect(posted.status).toBe(201);
    expect((await tasks.GET(req("GET", "/api/agent/tasks"))).status).toBe(401);
  });

  it("runs the cron's process call", async () => {
    const processRoute = await import("../../app/api/agent/process/route");
    const res = await processRoute.POST(req("POST", "/api/agent/process?budget=5", { headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } }));
    expect(res.status).toBe(200);
  });
});
