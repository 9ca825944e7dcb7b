// The parts of Herald that pds.test.mjs drives, in one module graph: pds.test.mjs loads this file
// with tsx's tsImport (Node 22 + the main checkout's tsx), so the adapter, its session cache and
// PlatformError are the very instances the adapter uses, with @atproto/api and sharp resolved in
// the main checkout's node_modules.
export { createBlueskyAdapter } from "../../lib/social/bluesky/adapter";
export { blueskyInboxSource } from "../../lib/inbox/bluesky";
export { firstCommentKey, rkeyFor, threadPartKey } from "../../lib/social/bluesky/rkey";
export { clearBlueskySessions } from "../../lib/social/bluesky/session";
export { PlatformError } from "../../lib/social/types";
export { guardedFetch } from "../../lib/net/guarded-fetch";
