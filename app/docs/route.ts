import { ApiReference } from "@scalar/nextjs-api-reference";

// GET /docs – interactive API reference (Scalar) over /api/openapi.json
export const GET = ApiReference({ url: "/api/openapi.json", pageTitle: "APO API reference" });
