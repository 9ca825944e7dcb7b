// Better Auth: email + password accounts, sessions in httpOnly cookies, password reset by emailed
// link, and workspaces through its organization plugin — mapped onto our own tables: the plugin's
// "organization" is Workspace, "member" is Membership, "invitation" is Invitation, and the
// session's active organization is Session.activeWorkspaceId (docs/decisions.md, "People and
// workspaces"). Created lazily, like db(), so importing a route never reads the environment.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { nulPaths } from "../api/input";
import { assertSignInAllowed, recordSignInFailure, SIGN_IN_ATTEMPTS_PER_IP, SIGN_IN_WINDOW_S } from "./sign-in-limit";
import { organization } from "better-auth/plugins/organization";
import { db } from "../db";
import { appUrl, env } from "../env";
import { logger } from "../logger";
import { sendMail } from "../mail";
import { isValidTimeZone } from "../scheduler/recurrence";
import { ac, accessRoles, isRole, type Role } from "./roles";
import { COOKIE_PREFIX, trustedOrigins } from "./origins";
import { auditAuthCall } from "../audit";

export { COOKIE_PREFIX, trustedOrigins } from "./origins";

/** Invitations are valid for a week: long enough for a small business to get round to it. */
export const INVITATION_TTL_S = 7 * 24 * 3600;

function assertRole(value: unknown): asserts value is Role {
  // Better Auth also knows "member" and comma-separated role lists; a workspace has exactly one of ours.
  if (!isRole(value)) {
    throw new APIError("BAD_REQUEST", { message: "The role must be one of owner, admin, editor, viewer.", code: "INVALID_ROLE" });
  }
}

function assertTimeZone(value: unknown) {
  if (value !== undefined && (typeof value !== "string" || !isValidTimeZone(value))) {
    throw new APIError("BAD_REQUEST", { message: "timeZone must be an IANA time zone such as Europe/Berlin.", code: "INVALID_TIME_ZONE" });
  }
}

export interface AuthOptions {
  /** Force Better Auth's per-IP rate limiter off (default: on in every environment, tests included). */
  rateLimit?: boolean;
}

export function createAuth(opts: AuthOptions = {}) {
  const e = env();
  const baseURL = appUrl(e);
  return betterAuth({
    appName: "Herald",
    baseURL,
    secret: e.BETTER_AUTH_SECRET,
    trustedOrigins: trustedOrigins(),
    database: prismaAdapter(db(), { provider: "postgresql", transaction: true }),
    telemetry: { enabled: false },
    logger: {
      // Better Auth's own messages go through pino, like everything else.
      log: (level, message, ...args) => {
        logger[level]({ args: args.length ? args : undefined }, `better-auth: ${message}`);
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      // A reset proves control of the mailbox; any session an attacker may hold ends with it.
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 3600,
      sendResetPassword: async ({ user, url }) => {
        await sendMail({
          to: user.email,
          subject: "Reset your Herald password",
          text:
            `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset the password of your Herald account.\n` +
            `Open this link within an hour to choose a new one:\n\n${url}\n\n` +
            `If you did not ask for this, ignore this email; your password stays as it is.\n`,
        });
      },
    },
    session: {
      expiresIn: 30 * 24 * 3600,
      // Extend a session at most once a day when it is used.
      updateAge: 24 * 3600,
    },
    // Serverless functions share no memory, so the limiter's counters live in the database.
    // Better Auth's rules: 100 requests / 10 s per IP and path, 3 / 10 s for sign-up; on in every
    // environment (Better Auth's default is production only), so tests see what users see. The
    // client IP is the single-valued X-Forwarded-For the platform sets (Vercel overwrites it).
    // Sign-in per IP: SIGN_IN_ATTEMPTS_PER_IP per 15 min; the same 15-min window also keeps the
    // limiter's pruning (it deletes rows older than its longest window) off the per-email
    // counters of lib/auth/sign-in-limit.ts, which share the table.
    rateLimit: {
      enabled: opts.rateLimit ?? true,
      storage: "database",
      modelName: "rateLimit",
      customRules: { "/sign-in/email": { window: SIGN_IN_WINDOW_S, max: SIGN_IN_ATTEMPTS_PER_IP } },
    },
    advanced: {
      // Check Origin on cookie-authenticated writes in every environment, tests included.
      disableOriginCheck: false,
      cookiePrefix: COOKIE_PREFIX,
    },
    hooks: {
      // The same refusal readJson gives every other route (lib/api/input.ts): PostgreSQL's text
      // type cannot store U+0000, so a NUL in a name or email would end as a 500.
      before: createAuthMiddleware(async (ctx) => {
        const paths = nulPaths(ctx.body);
        if (paths.length > 0) {
          throw new APIError("BAD_REQUEST", {
            message: `Text may not contain the NUL character (\\u0000): ${paths.join(", ")}.`,
            code: "VALIDATION_FAILED",
          });
        }
        // A locked email is refused before its password is even checked.
        if (ctx.path === "/sign-in/email") await assertSignInAllowed((ctx.body as { email?: unknown } | undefined)?.email);
      }),
      after: createAuthMiddleware(async (ctx) => {
        // Only a wrong email or password counts (401), not a malformed request.
        const returned = ctx.context.returned;
        if (ctx.path === "/sign-in/email" && returned instanceof APIError && returned.statusCode === 401) {
          await recordSignInFailure((ctx.body as { email?: unknown } | undefined)?.email);
        }
        if (!(returned instanceof APIError) && returned && typeof returned === "object" && !(returned instanceof Response)) {
          // The after hook's context carries no session: read it from the request's cookie (the
          // person who made the call; a sign-in's own user comes back in its result instead).
          const user = ctx.path.startsWith("/organization/") ? (await getSessionFromCtx(ctx).catch(() => null))?.user : undefined;
          await auditAuthCall({
            path: ctx.path,
            actor: user ? { id: user.id, email: user.email } : null,
            body: ctx.body as Record<string, unknown> | undefined,
            returned: returned as Record<string, unknown>,
            headers: ctx.headers,
          });
        }
      }),
    },
    databaseHooks: {
      session: {
        create: {
          // A new session starts in the workspace the user joined most recently.
          before: async (session) => {
            const m = await db().membership.findFirst({
              where: { userId: session.userId },
              orderBy: { createdAt: "desc" },
              select: { workspaceId: true },
            });
            return { data: { ...session, activeOrganizationId: m?.workspaceId ?? null } };
          },
        },
      },
    },
    plugins: [
      organization({
        ac,
        roles: accessRoles,
        creatorRole: "owner",
        allowUserToCreateOrganization: true,
        // Deleting a workspace deletes its posts, tasks and history; that needs its own, deliberate
        // flow (export first, confirm), not an endpoint a stray click can reach.
        disableOrganizationDeletion: true,
        invitationExpiresIn: INVITATION_TTL_S,
        cancelPendingInvitationsOnReInvite: true,
        sendInvitationEmail: async ({ id, email, role, organization: ws, inviter }) => {
          await sendMail({
            to: email,
            subject: `Join ${ws.name} on Herald`,
            text:
              `Hello,\n\n${inviter.user.name} invited you to the workspace "${ws.name}" on Herald as ${role}.\n` +
              `Open this link to join (sign up or sign in with ${email}):\n\n${invitationUrl(id)}\n\n` +
              `The invitation expires in ${INVITATION_TTL_S / 86400} days.\n`,
          });
        },
        organizationHooks: {
          beforeCreateOrganization: async ({ organization: ws }) => assertTimeZone(ws.timeZone),
          beforeUpdateOrganization: async ({ organization: ws }) => assertTimeZone(ws.timeZone),
          beforeAddMember: async ({ member }) => assertRole(member.role),
          beforeUpdateMemberRole: async ({ newRole }) => assertRole(newRole),
          beforeCreateInvitation: async ({ invitation }) => assertRole(invitation.role),
        },
        schema: {
          organization: {
            modelName: "workspace",
            additionalFields: {
              timeZone: { type: "string", required: false, input: true, defaultValue: "UTC" },
            },
          },
          member: { modelName: "membership", fields: { organizationId: "workspaceId" } },
          invitation: { modelName: "invitation", fields: { organizationId: "workspaceId" } },
          session: { fields: { activeOrganizationId: "activeWorkspaceId" } },
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { heraldAuth?: Auth };

/** The app's Better Auth instance (one per process). */
export function auth(): Auth {
  globalForAuth.heraldAuth ??= createAuth();
  return globalForAuth.heraldAuth;
}


/** The page an invitation link opens (app/invite/[id]). */
export function invitationUrl(invitationId: string): string {
  return `${appUrl()}/invite/${encodeURIComponent(invitationId)}`;
}
