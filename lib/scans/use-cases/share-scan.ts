import "server-only";
import { randomUUID } from "node:crypto";
import { ApiError, notFound } from "@/lib/api/errors";
import { signShareToken, verifyShareToken } from "@/lib/auth/api-token";
import type { Principal } from "@/lib/auth/principal";
import type { ScanRecord } from "@/lib/store/types";
import { findScanOrThrow } from "./find-scan";
import { getScanService } from "../queue/service";

/** A signed, expiring link to a complete scan's report; it names a share row, so deleting the scan revokes it. */
export async function createShareLink(principal: Principal, scanId: string, hours: number) {
  const scan = await findScanOrThrow(principal, scanId);
  if (scan.status !== "complete") throw new ApiError("conflict", `Only complete scans can be shared (this one is ${scan.status})`);
  const { store } = await getScanService();
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  const share = await store.createShare({ id: randomUUID(), scanId: scan.id, owner: principal.id, expiresAt });
  const token = await signShareToken({ shareId: share.id, scanId: scan.id, expiresAt });
  return { share_id: share.id, url: `/api/shared/${token}`, expires_at: expiresAt.toISOString() };
}

/** The shared scan, or 404 for a bad, expired or revoked link (all look the same). */
export async function openSharedScan(token: string): Promise<ScanRecord> {
  const claims = await verifyShareToken(token);
  if (!claims) throw notFound("Shared report");
  const { store } = await getScanService();
  const share = await store.getShare(claims.shareId);
  if (!share || share.scanId !== claims.scanId || share.expiresAt.getTime() <= Date.now()) throw notFound("Shared report");
  const scan = await store.getScan(share.scanId, share.owner);
  if (!scan) throw notFound("Shared report");
  return scan;
}
