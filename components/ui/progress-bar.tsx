import { cn } from "@/lib/ui/cn";

export function ProgressBar({ value, label, tone = "indigo" }: { value: number; label: string; tone?: "indigo" | "green" | "red" | "slate" }) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  const fill = { indigo: "bg-indigo-600 dark:bg-indigo-400", green: "bg-emerald-600 dark:bg-emerald-400", red: "bg-rose-600 dark:bg-rose-400", slate: "bg-slate-400" }[tone];
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
      <div className={cn("h-full rounded-full transition-[width] duration-500", fill)} style={{ width: `${pct}%` }} />
    </div>
  );
}
