import type { Metadata } from "next";
import { EditMonitor } from "@/components/monitors/edit-monitor";
import { PageHeader } from "@/components/ui/page-header";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Edit monitor" };

export default async function EditMonitorPage({ params }: { params: Promise<{ monitorId: string }> }) {
  const { monitorId } = await params;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader title="Edit monitor" description="Changes apply from the next run; earlier runs keep the settings they ran with." />
      <EditMonitor monitorId={monitorId} floorMinutes={getEnv().APO_MONITOR_MIN_INTERVAL_MINUTES} />
    </div>
  );
}
