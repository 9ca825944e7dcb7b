// GET /api/me/export — everything Herald keeps about the signed-in person, as a zip archive (GDPR,
// docs/decisions.md "GDPR export"): their account, sessions, sign-in methods (without password
// hashes or tokens), memberships, notifications, invitations and what the audit log says they did.
import { withSession } from "@/lib/api/handler";
import { exportPerson } from "@/lib/gdpr/export";

export const dynamic = "force-dynamic";

export const GET = withSession(async ({ user }) => {
  const archive = await exportPerson(user.userId);
  return new Response(archive.stream, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${archive.filename}"`,
      "cache-control": "private, no-store",
    },
  });
});
