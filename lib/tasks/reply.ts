// reply: not scheduled today; reply suggestions are made on demand (POST /api/agent/assist).
import { failedOutcome } from "../scheduler/decide";
import type { TaskHandler } from "../scheduler/handler";

export const reply: TaskHandler = {
  run: async (task) =>
    failedOutcome(task, "unsupported_task_type", "Reply tasks are not scheduled; reply suggestions are made on demand (POST /api/agent/assist)."),
};
