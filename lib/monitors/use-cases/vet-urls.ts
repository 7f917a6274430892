import "server-only";
import { assertPublicTarget, PrivateTargetError, UnresolvableTargetError, type ResolveGuard } from "@/agents/safety";
import { ApiError } from "@/lib/api/errors";
import { createScanGuard } from "@/lib/scans/use-cases/scan-guard";

/**
 * Vets a monitor's site or webhook URL as createScan vets a scan target (no private, loopback or
 * metadata addresses unless the operator allows them), the error naming the field. The webhook
 * sender checks the address again when it connects: a name can resolve elsewhere later.
 */
export async function vetMonitorUrl(field: "url" | "webhook_url", url: string, guard: ResolveGuard = createScanGuard()): Promise<void> {
  try {
    await assertPublicTarget(url, guard);
  } catch (err) {
    if (err instanceof UnresolvableTargetError) throw new ApiError("unresolvable_target", `${field}: ${err.message}`);
    if (err instanceof PrivateTargetError) throw new ApiError("target_not_allowed", `${field}: ${err.message}`);
    throw err;
  }
}
