import type { ScanStatus } from "@/lib/schemas/scan";
import { Badge, type Tone } from "./badge";

const meta: Record<ScanStatus, { tone: Tone; label: string; glyph: string }> = {
  queued: { tone: "neutral", label: "Queued", glyph: "◷" },
  running: { tone: "violet", label: "Running", glyph: "●" },
  complete: { tone: "green", label: "Complete", glyph: "✓" },
  error: { tone: "red", label: "Failed", glyph: "✕" },
  cancelled: { tone: "neutral", label: "Cancelled", glyph: "■" },
  interrupted: { tone: "amber", label: "Interrupted", glyph: "!" },
};

export function StatusBadge({ status }: { status: ScanStatus }) {
  const m = meta[status];
  return (
    <Badge tone={m.tone}>
      <span aria-hidden="true" className={status === "running" ? "animate-pulse" : undefined}>
        {m.glyph}
      </span>
      {m.label}
    </Badge>
  );
}
