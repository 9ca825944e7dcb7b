// Workspaces for signed-in users: create (the creator becomes owner), list with roles, switch the
// session's active one. Membership and invitations themselves are Better Auth's organization plugin
// (lib/auth/server.ts); these functions call its API so its checks and hooks always run.
import { randomBytes } from "node:crypto";
import type { Role } from "./auth/roles";
import { db } from "./db";
import { HeraldError } from "./errors";
import type { CreateWorkspaceInput } from "./validation/workspaces";
import { clock } from "./clock";

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  role: Role;
  active: boolean;
  /** The emergency stop (lib/publishing.ts): when publishing was paused, and by whom; null while it runs. */
  publishingPausedAt: Date | null;
  publishingPausedBy: string | null;
}

const summarySelect = { id: true, name: true, slug: true, timeZone: true, publishingPausedAt: true, publishingPausedBy: true } as const;

/** "Corner Bakery" → "corner-bakery" (ASCII, at most 40 characters; "workspace" if nothing is left). */
export function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return s || "workspace";
}

/** A free slug for a new workspace: the name's, or the name's with a random suffix when taken. */
export async function workspaceSlug(name: string): Promise<string> {
  const base = slugify(name);
  const taken = await db().workspace.findUnique({ where: { slug: base }, select: { id: true } });
  return taken ? `${base}-${randomBytes(4).toString("hex")}` : base;
}

/**
 * Better Auth's API, loaded by the functions that call it: this module is also on the API-key path
 * (workspaceSlug), which must not load Better Auth (docs/decisions.md, "Cold starts").
 */
async function betterAuthApi() {
  const [{ auth }, { isAPIError }] = await Promise.all([import("./auth/server"), import("better-auth/api")]);
  return { api: auth().api, isAPIError };
}

/** Better Auth's errors as ours (its messages are readable; its statuses map onto our codes). */
function fromAuthError(err: unknown, isAPIError: (e: unknown) => e is { statusCode: number; message: string }): never {
  if (isAPIError(err)) {
    const status = err.statusCode;
    const code = status === 401 ? "unauthorized" : status === 403 ? "forbidden" : status === 404 ? "not_found" : status < 500 ? "bad_request" : "internal";
    throw new HeraldError(code, err.message || "The request was refused.", { cause: err });
  }
  throw err;
}

/** Creates a workspace owned by the session's user and makes it the session's active one. */
export async function createWorkspaceForSession(headers: Headers, input: CreateWorkspaceInput) {
  const slug = await workspaceSlug(input.name);
  const { api, isAPIError } = await betterAuthApi();
  try {
    const ws = await api.createOrganization({ headers, body: { name: input.name, slug, timeZone: input.timeZone } });
    return {
      id: ws.id,
      name: ws.name,
      slug: ws.slug,
      timeZone: input.timeZone,
      role: "owner" as Role,
      active: true,
      publishingPausedAt: null,
      publishingPausedBy: null,
    } satisfies WorkspaceSummary;
  } catch (err) {
    fromAuthError(err, isAPIError);
  }
}

/** The user's workspaces, oldest membership first, with their role and which one is active. */
export async function listWorkspaces(userId: string, activeWorkspaceId: string | null): Promise<WorkspaceSummary[]> {
  const rows = await db().membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: summarySelect } },
  });
  return rows.map((m) => ({ ...m.workspace, role: m.role, active: m.workspace.id === activeWorkspaceId }));
}

/** Switches the session's active workspace; 404 for a workspace the user is not a member of. */
export async function switchWorkspace(headers: Headers, userId: string, workspaceId: string): Promise<WorkspaceSummary> {
  const m = await db().membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true, workspace: { select: summarySelect } },
  });
  // Not a member looks exactly like no such workspace: ids of other businesses are not confirmed.
  if (!m) throw new HeraldError("not_found", "Workspace not found.");
  const { api, isAPIError } = await betterAuthApi();
  try {
    await api.setActiveOrganization({ headers, body: { organizationId: workspaceId } });
  } catch (err) {
    fromAuthError(err, isAPIError);
  }
  return { ...m.workspace, role: m.role, active: true };
}

/** Where a signed-in user goes after signing in or up: their workspace, or creating one first. */
export async function homePathFor(userId: string): Promise<"/dashboard" | "/workspaces/new"> {
  const any = await db().membership.findFirst({ where: { userId }, select: { id: true } });
  return any ? "/dashboard" : "/workspaces/new";
}

export type InvitationView =
  | { state: "invalid" }
  | { state: "pending"; id: string; email: string; role: Role; workspaceName: string; inviterName: string; expiresAt: Date };

/** What the invitation page shows for a link: enough to decide, nothing about other invitations. */
export async function invitationView(id: string, now = clock.now()): Promise<InvitationView> {
  const inv = await db().invitation.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      role: true,
      status: true,
      expiresAt: true,
      workspace: { select: { name: true } },
      inviter: { select: { name: true } },
    },
  });
  if (!inv || inv.status !== "pending" || inv.expiresAt <= now || !inv.role) return { state: "invalid" };
  return {
    state: "pending",
    id: inv.id,
    email: inv.email,
    role: inv.role,
    workspaceName: inv.workspace.name,
    inviterName: inv.inviter.name,
    expiresAt: inv.expiresAt,
  };
}
