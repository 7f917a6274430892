import type { Metadata } from "next";
import { ScanForm, type ScanFormValues } from "@/components/scan-form/scan-form";
import { PageHeader } from "@/components/ui/page-header";
import { FrameworkSchema } from "@/lib/schemas/framework";

export const metadata: Metadata = { title: "New scan" };

type Search = Record<string, string | string[] | undefined>;

/** "Re-run" and deep links prefill the form from the query string; keys are never in a URL. */
function initialValues(q: Search): Partial<ScanFormValues> {
  const one = (k: string) => (typeof q[k] === "string" ? q[k] : undefined);
  const out: Partial<ScanFormValues> = {};
  const url = one("url");
  if (url) out.url = url;
  const fw = FrameworkSchema.safeParse(one("framework"));
  if (fw.success) out.framework = fw.data;
  const depth = Number(one("crawl_depth"));
  if (Number.isInteger(depth) && depth >= 1 && depth <= 5) out.crawl_depth = depth;
  const pages = one("max_pages");
  if (pages) out.max_pages = pages;
  return out;
}

export default async function NewScanPage({ searchParams }: { searchParams: Promise<Search> }) {
  const initial = initialValues(await searchParams);
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title="New scan"
        description="Four visitors (before consent, accept all, reject all, Global Privacy Control) replay the site; the report judges what they saw against the framework you pick."
      />
      <ScanForm initial={initial} />
    </div>
  );
}
