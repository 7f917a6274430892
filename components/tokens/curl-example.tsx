"use client";

import { useSyncExternalStore } from "react";
import { CopyButton } from "@/components/ui/copy-button";

const noop = () => () => undefined;

/** A runnable example for CI pipelines; the origin is this server's, read in the browser. */
export function CurlExample({ token }: { token: string | null }) {
  const origin = useSyncExternalStore(noop, () => window.location.origin, () => "https://apo.example.com");
  const t = token ?? "$APO_TOKEN";
  const start = `curl -sS -X POST ${origin}/api/scan \\
  -H "Authorization: Bearer ${t}" \\
  -H "Content-Type: application/json" \\
  -d '{"url": "https://www.example.com/", "framework": "CCPA", "crawl_depth": 2, "use_llm": false}'`;
  const follow = `curl -N ${origin}/api/stream/<scan_id> -H "Authorization: Bearer ${t}"
curl ${origin}/api/results/<scan_id> -H "Authorization: Bearer ${t}"`;
  return (
    <div className="space-y-4">
      <div>
        <div className="mb-1.5 flex items-center justify-between gap-2">
          <p className="text-sm font-medium">Start a scan</p>
          <CopyButton text={start} label="Copy curl" />
        </div>
        <pre className="overflow-x-auto rounded-lg bg-slate-950 p-4 font-mono text-xs leading-relaxed text-slate-100" tabIndex={0} aria-label="curl command to start a scan" data-testid="curl-example">
          {start}
        </pre>
      </div>
      <div>
        <div className="mb-1.5 flex items-center justify-between gap-2">
          <p className="text-sm font-medium">Follow the log, then fetch the report</p>
          <CopyButton text={follow} label="Copy" />
        </div>
        <pre className="overflow-x-auto rounded-lg bg-slate-950 p-4 font-mono text-xs leading-relaxed text-slate-100" tabIndex={0} aria-label="curl commands to stream and fetch results">
          {follow}
        </pre>
      </div>
      {!token ? <p className="text-xs text-slate-600 dark:text-slate-400">Set <code>APO_TOKEN</code> to a token created above, or create one to see it filled in.</p> : null}
    </div>
  );
}
