"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/field";
import { LinkIcon } from "@/components/ui/icons";
import { formatDateTime } from "@/lib/ui/format";
import { errorMessageOf } from "@/lib/ui/scan-api";

/** Creates a signed, expiring link that opens the report without an account. */
export function ShareLink({ scanId }: { scanId: string }) {
  const [link, setLink] = useState<{ url: string; expiresAt: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function create() {
    setPending(true);
    setError(null);
    try {
      const res = await fetch(`/api/scans/${encodeURIComponent(scanId)}/share`, { method: "POST" });
      if (!res.ok) throw new Error(await errorMessageOf(res));
      const body = (await res.json()) as { url?: string; expires_at?: string };
      if (!body.url) throw new Error("The server sent no link.");
      const url = new URL(body.url, window.location.origin).toString();
      setLink({ url, expiresAt: body.expires_at ?? null });
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
          <p className="text-xs text-slate-600 dark:text-slate-400">Anyone with this link can read the report{link.expiresAt ? ` until ${formatDateTime(link.expiresAt)}` : ""}. No account is needed.</p>
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
