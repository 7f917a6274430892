"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { StopIcon } from "@/components/ui/icons";
import { cancelScan } from "@/lib/ui/scan-api";

export function CancelScanButton({ scanId, onCancelled }: { scanId: string; onCancelled: () => void }) {
  const [state, setState] = useState<"idle" | "confirm" | "pending">("idle");
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    setState("pending");
    setError(null);
    try {
      await cancelScan(scanId);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not reach the server.");
      setState("idle");
      return;
    }
    onCancelled();
  }

  if (state === "confirm") {
    return (
      <span className="flex items-center gap-2" role="group" aria-label="Confirm cancel">
        <span className="text-sm">Stop this scan?</span>
        <Button variant="danger" size="sm" onClick={() => void cancel()} autoFocus>
          Yes, cancel scan
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setState("idle")}>
          Keep running
        </Button>
      </span>
    );
  }
  return (
    <span className="flex items-center gap-2">
      {error ? (
        <span role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          ⚠ {error}
        </span>
      ) : null}
      <Button variant="danger" onClick={() => setState("confirm")} disabled={state === "pending"}>
        <StopIcon />
        {state === "pending" ? "Cancelling…" : "Cancel scan"}
      </Button>
    </span>
  );
}
