import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

export function Card({ children, className, as: Tag = "section", ...rest }: { children: ReactNode; className?: string; as?: "section" | "div" | "article"; id?: string; "aria-labelledby"?: string }) {
  return (
    <Tag
      className={cn("rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900", className)}
      {...rest}
    >
      {children}
    </Tag>
  );
}

/** Card title row: the title is a real heading so screen-reader users can jump between sections. */
export function CardHeader({ id, title, description, actions, level = 2 }: { id?: string; title: ReactNode; description?: ReactNode; actions?: ReactNode; level?: 2 | 3 }) {
  const H = level === 2 ? "h2" : "h3";
  return (
    <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4 dark:border-slate-800">
      <div className="min-w-0">
        <H id={id} className="text-base font-semibold text-slate-900 dark:text-slate-50">
          {title}
        </H>
        {description ? <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
