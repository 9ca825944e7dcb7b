// /dashboard/settings — the emergency stop for publishing, the workspace's name and time zone, the approval rule,
// posting slots, brand voice, members and roles, API keys, outgoing webhooks, and your data (export, deletion). Admins and owners change them; editors and viewers see them read-only.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { listApiKeys } from "@/lib/auth/api-keys";
import { hasRole, isRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { getWorkspaceSettings } from "@/lib/workspace-settings";
import { getSettings } from "@/lib/settings";
import { publishingJson, publishingStateOf } from "@/lib/publishing";
import { pageWorkspace } from "../page-context";
import { ApiKeys } from "./api-keys";
import { AiSettings } from "./ai-settings";
import { ApprovalToggle } from "./approval-toggle";
import { BrandVoiceForm } from "./brand-voice-form";
import { GeneralForm } from "./general-form";
import { NotificationPrefs } from "./notification-prefs";
import { Members, type InvitationRow, type MemberRow } from "./members";
import { PublishingSwitch } from "./publishing-switch";
import { SchedulerSettings } from "./scheduler-settings";
import { SlotsGrid } from "./slots-grid";
import { ReadOnlyNote, Section } from "./ui";
import { Webhooks } from "./webhooks";
import { YourData } from "./your-data";
import { getDeletionState } from "@/lib/gdpr/workspace-deletion";
import { listWebhookEndpoints, WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/webhooks";
import { clock } from "@/lib/clock";

export const metadata: Metadata = { title: "Settings · Herald" };

function timeZones(): string[] {
  // Every IANA zone the runtime knows, UTC first (some runtimes leave it out of the list).
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
}

const SECTIONS = [
  ["publishing", "Publishing"],
  ["general", "General"],
  ["notifications", "Notifications"],
  ["approval", "Approval"],
  ["slots", "Posting slots"],
  ["voice", "Brand voice"],
  ["ai", "AI"],
  ["scheduler", "Scheduler"],
  ["members", "Members"],
  ["api-keys", "API keys"],
  ["webhooks", "Webhooks"],
  ["your-data", "Your data"],
] as const;

export default async function SettingsPage() {
  const { session, workspace } = await pageWorkspace("/dashboard/settings");
  const canManage = hasRole(workspace.role, "admin");
  const now = clock.now();
  const [settings, memberships, invitations, keys, publishing, tuning, webhookEndpoints, deletion] = await Promise.all([
    getWorkspaceSettings(workspace.id),
    db().membership.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { createdAt: "asc" },
      select: { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
    }),
    db().invitation.findMany({
      where: { workspaceId: workspace.id, status: "pending", expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true },
    }),
    canManage ? listApiKeys(workspace.id) : Promise.resolve([]),
    publishingStateOf(workspace),
    getSettings(workspace.id),
    canManage ? listWebhookEndpoints(db(), workspace.id) : Promise.resolve([]),
    getDeletionState(workspace.id),
  ]);
  const members: MemberRow[] = memberships.map((m) => ({
    id: m.id,
    userId: m.userId,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt.toISOString(),
  }));
  const pending: InvitationRow[] = invitations.map((i) => ({ ...i, role: isRole(i.role) ? i.role : null, expiresAt: i.expiresAt.toISOString() }));
  const readOnly = canManage ? null : (
    <ReadOnlyNote>
      You are {workspace.role === "editor" ? "an editor" : "a viewer"} here, so you can see these settings but only admins and owners can change them.
    </ReadOnlyNote>
  );

  return (
    <AppFrame user={session.user}>
      <p className="text-sm">
        <Link href="/dashboard" className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300">
          Dashboard
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Settings</h1>
      <p className="mt-1 text-slate-700 dark:text-slate-300">{settings.name}</p>
      <nav aria-label="Settings sections" className="mt-4">
        <ul className="flex flex-wrap gap-2 text-sm">
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`} className="inline-block rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:border-slate-700 dark:hover:bg-slate-800">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <div className="mt-6 space-y-6">
        <Section id="publishing" title="Publishing" description="An emergency stop for everything this workspace posts.">
          {readOnly}
          <PublishingSwitch initial={publishingJson(publishing)} timeZone={settings.timeZone} canEdit={canManage} />
        </Section>

        <Section id="general" title="General">
          {readOnly}
          <GeneralForm name={settings.name} timeZone={settings.timeZone} zones={timeZones()} canEdit={canManage} />
        </Section>

        <Section id="notifications" title="Notifications" description="Your own: what Herald emails you in this workspace. The bell at the top shows everything either way.">
          <NotificationPrefs />
        </Section>

        <Section id="approval" title="Approval" description="Whether posts by editors wait for an admin before they can be published.">
          {readOnly}
          <ApprovalToggle value={settings.requireApproval} canEdit={canManage} />
        </Section>

        <Section id="slots" title="Posting slots" description="The weekly times “Add to queue” fills, in the workspace's time zone. A slot already used by a scheduled post is skipped.">
          {readOnly}
          <SlotsGrid slots={settings.postingSlots} timeZone={settings.timeZone} canEdit={canManage} />
        </Section>

        <Section id="voice" title="Brand voice" description="How posts written with Herald should sound.">
          {readOnly}
          <BrandVoiceForm value={settings.brandVoice} canEdit={canManage} />
        </Section>

        <Section id="ai" title="AI" description="The agent’s monthly budget, whether autopilot may schedule without approval, and what the agent has cost this month.">
          {readOnly}
          <AiSettings capUsd={settings.aiMonthlyCapUsd} autoSchedule={settings.autopilotAutoSchedule} canEdit={canManage} timeZone={settings.timeZone} />
        </Section>

        <Section id="scheduler" title="Scheduler and live updates" description="Retries, how fresh engagement numbers stay, and how quickly open pages update. Empty fields use Herald's defaults.">
          {readOnly}
          <SchedulerSettings view={{ ...tuning, updatedAt: tuning.updatedAt?.toISOString() ?? null }} canEdit={canManage} />
        </Section>

        <Section id="members" title="Members and roles" description="Viewers read; editors compose and schedule; admins also manage accounts, settings and people; owners can do everything.">
          <Members workspaceId={workspace.id} members={members} invitations={pending} me={session.user.id} myRole={workspace.role} canManage={canManage} timeZone={settings.timeZone} />
        </Section>

        <Section
          id="api-keys"
          title="API keys"
          description={
            <>
              Keys let scripts and services use Herald&rsquo;s API as an admin of this workspace. Every operation is in the{" "}
              <Link href="/dashboard/api" className="font-medium text-blue-800 underline dark:text-blue-300">
                API reference
              </Link>
              .
            </>
          }
        >
          {canManage ? (
            <ApiKeys keys={keys.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null }))} timeZone={settings.timeZone} />
          ) : (
            <p className="text-sm text-slate-700 dark:text-slate-300">Only admins and owners can see and manage API keys.</p>
          )}
        </Section>

        <Section id="webhooks" title="Webhooks" description="Herald calls these addresses when something happens: a signed POST for each event (Standard Webhooks), retried when the address fails.">
          {canManage ? (
            <Webhooks
              endpoints={webhookEndpoints.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() }))}
              events={WEBHOOK_EVENTS.map((type) => ({ type, label: WEBHOOK_EVENT_LABELS[type] }))}
              timeZone={settings.timeZone}
            />
          ) : (
            <p className="text-sm text-slate-700 dark:text-slate-300">Only admins and owners can see and manage webhooks.</p>
          )}
        </Section>

        <Section id="your-data" title="Your data" description="Download what Herald keeps, delete the workspace, or erase your own account.">
          <YourData role={workspace.role} workspaceName={settings.name} email={session.user.email} timeZone={settings.timeZone} deletion={deletion} />
        </Section>
      </div>
    </AppFrame>
  );
}
