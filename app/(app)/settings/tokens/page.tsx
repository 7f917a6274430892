import type { Metadata } from "next";
import { TokensManager } from "@/components/tokens/tokens-manager";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "API tokens" };

export default function TokensPage() {
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <PageHeader title="API tokens" description="Bearer tokens for calling the APO API from pipelines and tools." />
      <TokensManager />
    </div>
  );
}
