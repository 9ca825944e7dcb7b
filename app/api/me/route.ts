// DELETE /api/me — erase the signed-in person (GDPR, docs/decisions.md "GDPR erasure"): body
// { confirmEmail }. 409 while they are the only owner of a workspace. Their sessions end with it.
import { readJson, withSession } from "@/lib/api/handler";
import { EraseMeInput, erasePerson } from "@/lib/gdpr/erase";

export const dynamic = "force-dynamic";

export const DELETE = withSession(async ({ req, user }) => ({
  success: true,
  ...(await erasePerson(user.userId, await readJson(req, EraseMeInput))),
}));
