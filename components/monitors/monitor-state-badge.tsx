import { Badge } from "@/components/ui/badge";

/** Active or paused, with a glyph so the state reads without colour. */
export function MonitorStateBadge({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <Badge tone="green">
      <span aria-hidden="true">●</span>
      Active
    </Badge>
  ) : (
    <Badge tone="neutral">
      <span aria-hidden="true">❚❚</span>
      Paused
    </Badge>
  );
}
