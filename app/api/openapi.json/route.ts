// GET /api/openapi.json — the OpenAPI 3.1 document of Herald's REST API, for anyone (no key): it
// describes the routes, not any workspace's data. Built from the routes' own zod schemas
// (lib/openapi/; docs/decisions.md, "OpenAPI"); it changes only with a deploy, so caches may keep it.
import { withRequestId } from "@/lib/api/handler";
import { toErrorResponse } from "@/lib/errors";
import { openApiDocument } from "@/lib/openapi/document";

export const GET = withRequestId(async (): Promise<Response> => {
  try {
    return Response.json(openApiDocument(), {
      headers: {
        "cache-control": "public, max-age=300, stale-while-revalidate=86400",
        // Tools such as Swagger UI on another origin may read it.
        "access-control-allow-origin": "*",
      },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
});
