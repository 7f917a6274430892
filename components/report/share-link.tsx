"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/field";
import { LinkIcon } from "@/components/ui/icons";
import { formatDateTime } from "@/lib/ui/format";
import { shareScan } from "@/lib/ui/scan-api";

/** Creates a signed, expiring link that opens the report without an account. */
export function ShareLink({ scanId }: { scanId: string }) {
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function create() {
    setPending(true);
    setError(null);
    try {
      const share = await shareScan(scanId);
      const url = new URL(share.url, window.location.origin).toString();
      setLink({ url, expiresAt: share.expires_at });
      try {
        await navigator.clipboard.writeText(url);
      } catch {
        // Clipboard refused; the link is shown with its own copy button.
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not create the link.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      {!link ? (
        <Button onClick={() => void create()} disabled={pending}>
          <LinkIcon />
          {pending ? "Creating link…" : "Copy share link"}
        </Button>
      ) : (
        <div className="space-y-1.5" role="status">
          <label htmlFor="share-url" className="block text-sm font-medium">
            Share link (copied)
          </label>
          <div className="flex gap-2">
            <input id="share-url" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} className={`${inputClass} font-mono text-xs`} data-testid="share-url" />
            <CopyButton text={link.url} />
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400">Anyone with this link can read the report until {formatDateTime(link.expiresAt)}. No account is needed.</p>
        </div>
      )}
      {error ? (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          ⚠ {error}
        </p>
      ) : null}
    </div>
  );
}
