// The member a notifications route speaks for (docs/decisions.md, "Notifications"): notifications
// and their switches are a person's, so an API key, which is no member, is refused.
import type { Actor } from "@/lib/api/handler";
import { HeraldError } from "@/lib/errors";
import type { Member } from "@/lib/notifications";

export const NOT_A_MEMBER = "Notifications belong to a signed-in member; an API key has none.";

export function memberOf(workspaceId: string, actor: Actor): Member {
  if (actor.type !== "user") throw new HeraldError("forbidden", NOT_A_MEMBER);
  return { workspaceId, userId: actor.userId };
}
