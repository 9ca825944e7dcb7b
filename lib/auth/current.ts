// The signed-in user of a page (server components): Better Auth's session from the request cookies.
import { headers } from "next/headers";
import { auth } from "./server";

export async function currentSession() {
  // Read the request first: that marks the page dynamic before anything touches the environment.
  const requestHeaders = await headers();
  return auth().api.getSession({ headers: requestHeaders });
}
