// GET|POST /api/auth/* — Better Auth: sign-up, sign-in, sign-out, session, password reset, and the
// organization plugin's workspace endpoints (invite, accept, members, roles). See lib/auth/server.ts.
import { auth } from "@/lib/auth/server";

// The instance is created on the first request, not at import (next build reads no secrets).
const handler = (req: Request) => auth().handler(req);

export { handler as GET, handler as POST };
