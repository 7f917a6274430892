import type { Metadata } from "next";
import { ScanView } from "@/components/scan/scan-view";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Scan" };

export default async function ScanPage({ params }: { params: Promise<{ scanId: string }> }) {
  const { scanId } = await params;
  return <ScanView scanId={scanId} maxAttempts={getEnv().APO_SCAN_MAX_ATTEMPTS} />;
}
