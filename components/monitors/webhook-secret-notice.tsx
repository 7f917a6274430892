"use client";

import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Notice } from "@/components/ui/notice";
import { signatureVerificationSnippet } from "@/lib/ui/monitors";

/** The webhook secret, shown once (after create or rotation), and how a receiver verifies a delivery. */
export function WebhookSecretNotice({ secret, title, children }: { secret: string; title: string; children?: ReactNode }) {
  const snippet = signatureVerificationSnippet();
  return (
    <Notice tone="success" title={title} live>
      <div className="mt-2 space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <code className="max-w-full overflow-x-auto rounded bg-white px-2 py-1 font-mono text-xs break-all text-slate-900 dark:bg-slate-900 dark:text-slate-100" data-testid="webhook-secret">
            {secret}
          </code>
          <CopyButton text={secret} label="Copy secret" />
        </div>
        <div className="space-y-1">
          <p className="font-semibold">Verify each delivery before trusting it</p>
          <ul className="list-disc space-y-1 pl-5">
            <li>
              APO signs <code className="font-mono text-xs">&lt;timestamp&gt;.&lt;raw body&gt;</code> with HMAC-SHA256 and this secret, the timestamp being the{" "}
              <code className="font-mono text-xs">X-APO-Timestamp</code> header, and sends <code className="font-mono text-xs">X-APO-Signature: sha256=&lt;hex digest&gt;</code>.
            </li>
            <li>Compute the same digest over the body exactly as received (before parsing the JSON) and compare in constant time.</li>
            <li>Reject deliveries whose timestamp is more than 5 minutes old, so a captured request cannot be replayed.</li>
          </ul>
        </div>
        <div>
          <div className="mb-1.5 flex items-center justify-between gap-2">
            <p className="font-medium">Node.js example</p>
            <CopyButton text={snippet} label="Copy example" />
          </div>
          <pre tabIndex={0} aria-label="Node.js code that verifies a webhook signature" className="overflow-x-auto rounded-lg bg-slate-950 p-4 font-mono text-xs leading-relaxed text-slate-100">
            {snippet}
          </pre>
        </div>
        {children}
      </div>
    </Notice>
  );
}
