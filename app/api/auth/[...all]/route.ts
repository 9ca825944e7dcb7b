// GET|POST /api/auth/* — Better Auth: sign-up, sign-in, sign-out, session, password reset, and the
// organization plugin's workspace endpoints (invite, accept, members, roles). See lib/auth/server.ts.
// Sign-in is limited per IP and per email (lib/auth/sign-in-limit.ts); a 429 says when to retry.
import { auth } from "@/lib/auth/server";
import { readableRateLimit } from "@/lib/auth/sign-in-limit";
import { withRequestId } from "@/lib/api/handler";

// The instance is created on the first request, not at import (next build reads no secrets).
const handler = async (req: Request) => readableRateLimit(req, await auth().handler(req));

const observed = withRequestId(handler);

export { observed as GET, observed as POST };
