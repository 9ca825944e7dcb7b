// GET /api/health — ok or degraded (200) or down (503: database unreachable or migrations pending)
// and the version, for anyone; the reasons and details (migrations, scheduler lag, counts across
// all workspaces, the cron's last calls) only with Authorization: Bearer CRON_SECRET, the secret
// the cron routes already use. The rule: docs/design.md, "Health".
import { safeEqual, withRequestId } from "@/lib/api/handler";
import { env } from "@/lib/env";
import { health } from "@/lib/health";
import { version } from "@/package.json";

export const dynamic = "force-dynamic";

export const GET = withRequestId(async (req: Request) => {
  const h = await health();
  const status = h.status === "down" ? 503 : 200;
  const headers = { "cache-control": "no-store" };
  const given = req.headers.get("authorization") ?? "";
  if (safeEqual(given, `Bearer ${env().CRON_SECRET}`)) return Response.json({ ...h, version }, { status, headers });
  return Response.json({ ok: h.ok, status: h.status, version }, { status, headers });
});
