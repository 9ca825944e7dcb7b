// Workspace roles, ordered: each role can do everything the ones below it can.
//   owner  — everything, including handing out "owner" (only owners can)
//   admin  — members and invitations, accounts, settings, task statistics
//   editor — compose, schedule, cancel and retry posts
//   viewer — read only
// Route handlers say the least role they need (withWorkspace's minRole); Better Auth's
// organization plugin gets the same roles as access-control statements for its own endpoints
// (inviting, changing roles, removing members, updating the workspace).
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";

export const ROLES = ["viewer", "editor", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is `min` or above it. */
export function hasRole(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** "an editor", "an admin", "a viewer", "an owner" — for messages. */
export function withArticle(role: Role): string {
  return `${/^[aeio]/.test(role) ? "an" : "a"} ${role}`;
}

export const ac = createAccessControl(defaultStatements);

export const accessRoles = {
  owner: ac.newRole({
    organization: ["update", "delete"],
    member: ["create", "update", "delete"],
    invitation: ["create", "cancel"],
    team: [],
    ac: ["read"],
  }),
  admin: ac.newRole({
    organization: ["update"],
    member: ["create", "update", "delete"],
    invitation: ["create", "cancel"],
    team: [],
    ac: ["read"],
  }),
  editor: ac.newRole({ organization: [], member: [], invitation: [], team: [], ac: ["read"] }),
  viewer: ac.newRole({ organization: [], member: [], invitation: [], team: [], ac: ["read"] }),
} satisfies Record<Role, unknown>;
