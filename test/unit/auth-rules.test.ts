// Pure rules of people and workspaces: the role order, where sign-in may send people, slugs.
import { describe, expect, it } from "vitest";
import { safeNext } from "../../lib/auth/redirect";
import { hasRole, isRole, ROLES, withArticle } from "../../lib/auth/roles";
import { slugify } from "../../lib/workspaces";
import { CreateWorkspaceInput } from "../../lib/validation/workspaces";

describe("roles", () => {
  it("orders viewer < editor < admin < owner", () => {
    const table = ROLES.map((role) => ROLES.map((min) => (hasRole(role, min) ? 1 : 0)).join(""));
    // rows: viewer, editor, admin, owner; columns: the minimum asked for, in the same order
    expect(table).toEqual(["1000", "1100", "1110", "1111"]);
  });

  it("knows exactly the four roles", () => {
    expect(ROLES.filter(isRole)).toEqual(["viewer", "editor", "admin", "owner"]);
    for (const r of ["member", "Owner", "admin,editor", "", null, 3]) expect(isRole(r)).toBe(false);
    expect(ROLES.map(withArticle)).toEqual(["a viewer", "an editor", "an admin", "an owner"]);
  });
});

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/invite/abc123")).toBe("/invite/abc123");
    expect(safeNext("/dashboard?tab=posts")).toBe("/dashboard?tab=posts");
    expect(safeNext(["/a", "/b"])).toBe("/a");
  });

  it("drops anything that could leave the site", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)", "evil", "", undefined, null]) {
      expect(safeNext(bad), String(bad)).toBeNull();
    }
  });
});

describe("workspace input", () => {
  it("makes readable slugs", () => {
    expect(slugify("Corner Bakery")).toBe("corner-bakery");
    expect(slugify("Café Müller & Söhne!")).toBe("cafe-muller-sohne");
    expect(slugify("  ---  ")).toBe("workspace");
    expect(slugify("x".repeat(80))).toHaveLength(40);
  });

  it("validates the time zone against IANA names and defaults to UTC", () => {
    expect(CreateWorkspaceInput.parse({ name: " Shop " })).toEqual({ name: "Shop", timeZone: "UTC" });
    expect(CreateWorkspaceInput.parse({ name: "Shop", timeZone: "America/Argentina/Buenos_Aires" }).timeZone).toBe("America/Argentina/Buenos_Aires");
    const bad = CreateWorkspaceInput.safeParse({ name: "Shop", timeZone: "Europe/Atlantis" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["timeZone"], message: expect.stringMatching(/IANA time zone/) });
  });
});
