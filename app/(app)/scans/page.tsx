import type { Metadata } from "next";
import { ScansTable } from "@/components/history/scans-table";
import { NewLink } from "@/components/ui/new-link";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Scans" };

export default function ScansPage() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Scans"
        description="Every scan you started, newest first. Open one for its report, re-run it, or pick two of the same site to see what changed."
        actions={<NewLink href="/scans/new">New scan</NewLink>}
      />
      <ScansTable />
    </div>
  );
}
