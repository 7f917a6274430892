import { buildOpenApiDocument } from "@/lib/openapi";

export const dynamic = "force-static";

// GET /api/openapi.json – the OpenAPI 3.1 document generated from the zod schemas
export function GET() {
  return Response.json(buildOpenApiDocument());
}
