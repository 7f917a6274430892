import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";
import { AlertIcon, InfoIcon } from "./icons";

const tones = {
  info: "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950/60 dark:text-sky-100",
  warning: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100",
  error: "border-rose-300 bg-rose-50 text-rose-950 dark:border-rose-800 dark:bg-rose-950/60 dark:text-rose-100",
  success: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100",
};

/** A callout box; `title` states the point so the colour is never the only signal. */
export function Notice({ tone = "info", title, children, className, live }: { tone?: keyof typeof tones; title: ReactNode; children?: ReactNode; className?: string; live?: boolean }) {
  const Icon = tone === "info" || tone === "success" ? InfoIcon : AlertIcon;
  return (
    <div role={live ? (tone === "error" ? "alert" : "status") : undefined} className={cn("flex gap-3 rounded-lg border px-4 py-3 text-sm", tones[tone], className)}>
      <Icon className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 space-y-1">
        <p className="font-semibold">{title}</p>
        {children ? <div className="leading-relaxed">{children}</div> : null}
      </div>
    </div>
  );
}
