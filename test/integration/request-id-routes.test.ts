// Every route under app/api answers with an x-request-id header (docs/decisions.md,
// "Observability"), also to a caller without credentials — the routes with a wrapper of their own
// (withWorkspace, withSession, withCron) and those without one (withRequestId) alike.
import { describe, expect, it } from "vitest";
import { routeFiles, routePath } from "../support/routes";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe("x-request-id on every route", () => {
  it.each(routeFiles())("%s", async (file) => {
    const mod = (await import(`../../app/api/${file}`)) as Partial<Record<(typeof METHODS)[number], Handler>>;
    const params: Record<string, string> = {};
    const path = routePath(file).replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => (params[name] = name === "platform" ? "mastodon" : "does-not-exist"));
    const methods = METHODS.filter((m) => typeof mod[m] === "function");
    expect(methods.length, file).toBeGreaterThan(0);
    for (const method of methods) {
      const res = await mod[method]!(new Request(`http://localhost${path}`, { method, headers: { "x-request-id": `probe-${method}` } }), { params: Promise.resolve(params) });
      expect(res.headers.get("x-request-id"), `${method} ${path} (${res.status})`).toBe(`probe-${method}`);
    }
  });
});
