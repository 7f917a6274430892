import type { Metadata } from "next";
import { MonitorForm } from "@/components/monitors/monitor-form";
import { PageHeader } from "@/components/ui/page-header";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "New monitor" };
// The interval floor is read from the running server's environment, not baked in at build time.
export const dynamic = "force-dynamic";

export default function NewMonitorPage() {
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader title="New monitor" description="The site is scanned on a schedule, as a scan with the same settings would be; each run is compared with the last good run." />
      <MonitorForm floorMinutes={getEnv().APO_MONITOR_MIN_INTERVAL_MINUTES} />
    </div>
  );
}
