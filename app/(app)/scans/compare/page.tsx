import type { Metadata } from "next";
import { CompareView } from "@/components/compare/compare-view";
import { ButtonLink } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Compare scans" };

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  const a = typeof q.a === "string" ? q.a : null;
  const b = typeof q.b === "string" ? q.b : null;
  return (
    <div className="space-y-6">
      <PageHeader title="Compare scans" description="What changed on the site between two scans: violations fixed, new and unchanged." actions={<ButtonLink href="/scans">Back to scans</ButtonLink>} />
      {a && b ? <CompareView a={a} b={b} /> : <Notice tone="info" title="Pick two scans to compare">Select two completed scans of the same site on the Scans page.</Notice>}
    </div>
  );
}
