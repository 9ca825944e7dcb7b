// POST /api/mcp — the MCP server for AI agents (Streamable HTTP, stateless; a workspace API key as
// Authorization: Bearer). Tools and their checks: lib/mcp/server.ts; docs/decisions.md, "MCP".
import { withRequestId } from "@/lib/api/handler";
import { handleMcpRequest } from "@/lib/mcp/server";

// schedule_post publishes a post due now after the response, as POST /api/agent/schedule does,
// so the route lives as long as that route (the scheduler's maxDuration).
export const maxDuration = 300;

export const POST = withRequestId((req: Request) => handleMcpRequest(req));
