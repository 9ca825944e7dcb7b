// PUT /api/settings/scheduler | engagement | live — change one section of the workspace's
// scheduler and live-update settings (admin). A key set to null goes back to the default; an absent
// key stays (docs/decisions.md, "Workspace settings").
import { readJson, withWorkspace } from "@/lib/api/handler";
import { HeraldError } from "@/lib/errors";
import { putSettings } from "@/lib/settings";
import { EngagementSettingsInput, LiveSettingsInput, SchedulerSettingsInput } from "@/lib/validation/settings";
import { auditFromRoute } from "@/lib/audit";

export const PUT = withWorkspace(
  async (ctx) => {
    const { req, workspaceId, params, actor } = ctx;
    const by = actor.type === "user" ? actor.userId : "api_key";
    const settings = await (async () => {
      switch (params.section) {
        case "scheduler":
          return putSettings(workspaceId, "scheduler", await readJson(req, SchedulerSettingsInput), by);
        case "engagement":
          return putSettings(workspaceId, "engagement", await readJson(req, EngagementSettingsInput), by);
        case "live":
          return putSettings(workspaceId, "live", await readJson(req, LiveSettingsInput), by);
        default:
          throw new HeraldError("not_found", "No such settings: use scheduler, engagement or live.");
      }
    })();
    await auditFromRoute(ctx, "settings.changed", { target: { type: "settings", id: params.section } });
    return { success: true, settings };
  },
  { minRole: "admin" },
);
