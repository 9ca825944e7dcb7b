// generate: the autopilot writes a campaign's next posts and schedules or holds them (lib/ai/autopilot.ts).
import { runAutopilot } from "../ai/autopilot";
import type { TaskHandler } from "../scheduler/handler";

export const generate: TaskHandler = {
  run: (task, ctx) => runAutopilot(task, ctx.prisma, ctx.now()),
};
