import type { Metadata } from "next";
import { MonitorsTable } from "@/components/monitors/monitors-table";
import { NewLink } from "@/components/ui/new-link";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Monitors" };

export default function MonitorsPage() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Monitors"
        description="Sites re-scanned on a schedule. Each run is an ordinary scan, compared with the last good run, and your webhook hears what changed."
        actions={<NewLink href="/monitors/new">New monitor</NewLink>}
      />
      <MonitorsTable />
    </div>
  );
}
