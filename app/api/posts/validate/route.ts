// POST /api/posts/validate — checks a draft against each chosen account's platform rules (viewer).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { validateCompose } from "@/lib/compose";
import { db } from "@/lib/db";
import { ValidateComposeInput } from "@/lib/validation/compose";

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const input = await readJson(req, ValidateComposeInput);
  const accounts = await validateCompose(db(), workspaceId, input);
  return { success: true, ok: accounts.every((a) => a.ok), accounts };
}, { minRole: "viewer" });
