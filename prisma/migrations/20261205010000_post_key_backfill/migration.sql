-- Posts scheduled before 20261204000000_post_idempotency_key carry their request's idempotency key
-- only in their tasks' keys ("<key>:<accountId>"). Scheduling now looks for a repeated request by
-- the post's own key (lib/posting/schedule.ts), so those posts get theirs here: the first post of a
-- request (occurrence 0; later occurrences of a series keep none), unless another post of the
-- workspace already has that key.
UPDATE "Post" p
SET "idempotencyKey" = k.key
FROM (
  SELECT DISTINCT ON (pt."postId") pt."postId", p2."workspaceId",
         left(t."idempotencyKey", length(t."idempotencyKey") - length(t."accountId") - 1) AS key
  FROM "PostTarget" pt
  JOIN "Post" p2 ON p2.id = pt."postId"
  JOIN "AgentTask" t ON t."postTargetId" = pt.id AND t.type = 'social_post'
  WHERE p2."idempotencyKey" IS NULL AND p2.occurrence = 0
    AND t."accountId" IS NOT NULL AND right(t."idempotencyKey", length(t."accountId") + 1) = ':' || t."accountId"
  ORDER BY pt."postId", t."createdAt"
) k
WHERE p.id = k."postId"
  AND NOT EXISTS (SELECT 1 FROM "Post" q WHERE q."workspaceId" = k."workspaceId" AND q."idempotencyKey" = k.key);
