// The audit log's action names (docs/decisions.md, "Audit log"), apart from lib/audit.ts so the
// browser's page can list them without the database code.
/** Every action the log records; the page and the API filter by these names. */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "member.invited",
  "member.invitation_cancelled",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "account.connected",
  "account.updated",
  "account.disconnected",
  "api_key.created",
  "api_key.revoked",
  "post.approved",
  "post.rejected",
  "post.edited",
  "post.deleted",
  "post.cancelled",
  "settings.changed",
  "publishing.paused",
  "publishing.resumed",
  "export.analytics",
  "export.audit",
  "export.workspace",
  "workspace.deletion_requested",
  "workspace.deletion_cancelled",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
