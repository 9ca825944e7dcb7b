// GET /api/health — up (200) or down (503: database unreachable or migrations pending) and the
// version, for anyone; the details (migrations, scheduler lag and counts across all workspaces)
// only with Authorization: Bearer CRON_SECRET, the secret the cron routes already use.
import { safeEqual } from "@/lib/api/handler";
import { env } from "@/lib/env";
import { health } from "@/lib/health";
import { version } from "@/package.json";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const h = await health();
  const status = h.ok ? 200 : 503;
  const given = req.headers.get("authorization") ?? "";
  if (safeEqual(given, `Bearer ${env().CRON_SECRET}`)) return Response.json({ ...h, version }, { status });
  return Response.json({ ok: h.ok, version }, { status, headers: { "cache-control": "no-store" } });
}
