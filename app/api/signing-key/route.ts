import { randomUUID } from "node:crypto";
import { errorResponse } from "@/lib/api/errors";
import { getEnv } from "@/lib/env";
import { resolveSigningKey } from "@/lib/evidence/signing-key";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/signing-key – the public key evidence bundles are signed with (PEM), no auth: operators
// publish it so `apo verify --public-key` can tell this server's bundles from anyone else's.
export function GET() {
  const key = resolveSigningKey(getEnv());
  if (!key) return errorResponse("not_found", "Evidence signing is disabled on this server (APO_SIGNING_KEY is not set)", randomUUID());
  return new Response(key.publicKeyPem, {
    headers: { "Content-Type": "application/x-pem-file", "X-APO-Key-Id": key.keyId, "Cache-Control": "public, max-age=300" },
  });
}
