// Placeholder ids and URLs the OpenAPI document's examples use (docs/decisions.md, "OpenAPI").
// They look like real ones; test/integration/openapi.test.ts swaps each for a row it seeded (or a
// local fixture server) and sends every example to its route.

/** Ids in the examples, by what they name. */
export const EXAMPLE_IDS = {
  accountId: "cmbakery0account0bluesky01",
  accountId2: "cmbakery0account0mastodon1",
  whatsappAccountId: "cmbakery0account0whatsapp1",
  postId: "cmbakery0post00000000000001",
  pendingPostId: "cmbakery0post00000pending01",
  reviewPostId: "cmbakery0post000000review01",
  targetId: "cmbakery0target0000review01",
  taskId: "cmbakery0task00000000000001",
  mediaId: "m0bakery0media000000000001",
  campaignId: "cmbakery0campaign000000001",
  listId: "cmbakery0list0000000000001",
  recipientId: "cmbakery0recipient00000001",
  notificationId: "cmbakery0notification00001",
  apiKeyId: "cmbakery0apikey00000000001",
  webhookEndpointId: "cmbakery0webhook0000000001",
  feedId: "cmbakery0feed0000000000001",
  workspaceId: "cmbakery0workspace00000001",
  variantGroup: "vg-bakery-weekend-0001",
  pickKey: "pick-4f1c2a9e7b3d5c8a",
} as const;

/** Hosts in the examples that the test points at local fixture servers. */
export const EXAMPLE_URLS = {
  media: "https://images.cornerbakery.example",
  mastodon: "https://mastodon.cornerbakery.example",
  feeds: "https://news.cornerbakery.example",
} as const;

/** A day in the examples (far enough ahead that a scheduled example is in the future). */
export const EXAMPLE_DAY = "2031-05-16";
