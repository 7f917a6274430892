import type { Metadata } from "next";
import { MonitorView } from "@/components/monitors/monitor-view";

export const metadata: Metadata = { title: "Monitor" };

export default async function MonitorPage({ params }: { params: Promise<{ monitorId: string }> }) {
  const { monitorId } = await params;
  return <MonitorView monitorId={monitorId} />;
}
