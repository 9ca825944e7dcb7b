// What every /dashboard page shares: the emergency stop's banner above the page while the active
// workspace's publishing is paused (docs/decisions.md, "Emergency stop"). Pages still check the
// session themselves (./page-context.ts); without one, or without an active workspace, no banner.
import { hasRole } from "@/lib/auth/roles";
import { publishingJson, publishingStateOf } from "@/lib/publishing";
import { sessionAndWorkspaces } from "./page-context";
import { PublishingBanner } from "./publishing-banner";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const found = await sessionAndWorkspaces();
  const active = found?.workspaces.find((w) => w.active);
  return (
    <>
      {active ? (
        <PublishingBanner
          key={active.id}
          initial={publishingJson(await publishingStateOf(active))}
          timeZone={active.timeZone}
          canResume={hasRole(active.role, "admin")}
        />
      ) : null}
      {children}
    </>
  );
}
