"use client";

import { Fragment, useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { ArrowDownIcon, ArrowUpIcon, ChevronIcon, SortIcon } from "@/components/ui/icons";
import { SeverityBadge } from "@/components/ui/severity-badge";
import type { Violation } from "@/lib/schemas/report";
import { cn } from "@/lib/ui/cn";
import { formatMoney, humanizeCode } from "@/lib/ui/format";
import { distinct, emptyViolationFilter, filterViolations, sortViolations, type SortDir, type ViolationFilter, type ViolationSortKey } from "@/lib/ui/violations";
import { ViolationDetails } from "./violation-details";

const columns: Array<{ key: ViolationSortKey; label: string; className?: string }> = [
  { key: "severity", label: "Severity" },
  { key: "type", label: "Violation" },
  { key: "framework", label: "Citation" },
  { key: "pages", label: "Pages", className: "text-right" },
  { key: "penalty", label: "Max fine", className: "text-right" },
];

function SortHeader({ col, sort, onSort }: { col: (typeof columns)[number]; sort: { key: ViolationSortKey; dir: SortDir }; onSort: (k: ViolationSortKey) => void }) {
  const active = sort.key === col.key;
  const Icon = !active ? SortIcon : sort.dir === "asc" ? ArrowUpIcon : ArrowDownIcon;
  return (
    <th scope="col" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"} className={cn("px-3 py-2.5 text-xs font-semibold text-slate-600 dark:text-slate-400", col.className ?? "text-left")}>
      <button type="button" onClick={() => onSort(col.key)} className="inline-flex items-center gap-1 rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:text-white">
        {col.label}
        <Icon className={cn("size-3.5", active ? "opacity-100" : "opacity-50")} />
      </button>
    </th>
  );
}

function FilterSelect({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: Array<{ value: string; label: string }>; onChange: (v: string) => void }) {
  return (
    <div className="min-w-36">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={cn(inputClass, "py-1.5")}>
        <option value="all">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ViolationsTable({ violations, scanId }: { violations: Violation[]; scanId: string }) {
  const [filter, setFilter] = useState<ViolationFilter>(emptyViolationFilter);
  const [sort, setSort] = useState<{ key: ViolationSortKey; dir: SortDir }>({ key: "severity", dir: "asc" });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  const rows = useMemo(() => sortViolations(filterViolations(violations, filter), sort.key, sort.dir), [violations, filter, sort]);
  const frameworks = distinct(violations.map((v) => v.framework));
  const types = distinct(violations.map((v) => v.violation_type)).sort();

  const onSort = (key: ViolationSortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: key === "penalty" || key === "pages" ? "desc" : "asc" }));
  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <div>
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-5 py-3 dark:border-slate-800">
        <FilterSelect id="vf-severity" label="Severity" value={filter.severity} onChange={(v) => setFilter((f) => ({ ...f, severity: v as ViolationFilter["severity"] }))} options={[{ value: "HIGH", label: "High" }, { value: "MEDIUM", label: "Medium" }, { value: "LOW", label: "Low" }]} />
        <FilterSelect id="vf-framework" label="Framework" value={filter.framework} onChange={(v) => setFilter((f) => ({ ...f, framework: v }))} options={frameworks.map((f) => ({ value: f, label: f }))} />
        <FilterSelect id="vf-type" label="Type" value={filter.type} onChange={(v) => setFilter((f) => ({ ...f, type: v }))} options={types.map((t) => ({ value: t, label: humanizeCode(t) }))} />
        <FilterSelect id="vf-status" label="Status" value={filter.status} onChange={(v) => setFilter((f) => ({ ...f, status: v as ViolationFilter["status"] }))} options={[{ value: "violation", label: "Confirmed" }, { value: "inconclusive", label: "Inconclusive" }]} />
        <div className="min-w-48 flex-1">
          <label htmlFor="vf-text" className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400">
            Search
          </label>
          <input id="vf-text" type="search" value={filter.text} onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))} placeholder="Title, citation, page…" className={cn(inputClass, "py-1.5")} />
        </div>
        <p className="pb-2 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {rows.length} of {violations.length}
        </p>
      </div>
      <div tabIndex={0} className="table-scroll">
        <table className="w-full text-sm" data-testid="violations-table">
          <thead className="bg-slate-50 dark:bg-slate-800/40">
            <tr>
              <th scope="col" className="w-10 px-3 py-2.5">
                <span className="sr-only">Details</span>
              </th>
              {columns.map((c) => (
                <SortHeader key={c.key} col={c} sort={sort} onSort={onSort} />
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-5 py-10 text-center text-slate-600 dark:text-slate-400">
                  {violations.length === 0 ? "No violations were found under this framework." : "No violations match the filters."}
                </td>
              </tr>
            ) : null}
            {rows.map((v) => {
              const expanded = open.has(v.id);
              const panelId = `violation-${v.id}`;
              return (
                <Fragment key={v.id}>
                  <tr className={cn("align-top hover:bg-slate-50 dark:hover:bg-slate-800/40", expanded && "bg-slate-50 dark:bg-slate-800/40")}>
                    <td className="px-3 py-3">
                      <button
                        type="button"
                        onClick={() => toggle(v.id)}
                        aria-expanded={expanded}
                        aria-controls={panelId}
                        aria-label={`${expanded ? "Hide" : "Show"} details: ${v.rule_title}`}
                        className="inline-flex size-7 items-center justify-center rounded-md hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:bg-slate-700"
                      >
                        <ChevronIcon className={cn("size-4 transition-transform", expanded && "rotate-90")} />
                      </button>
                    </td>
                    <td className="px-3 py-3">
                      <SeverityBadge severity={v.severity} />
                    </td>
                    <td className="px-3 py-3">
                      <button type="button" onClick={() => toggle(v.id)} className="text-left font-medium text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-white" tabIndex={-1}>
                        {v.rule_title}
                      </button>
                      <span className="mt-0.5 flex flex-wrap items-center gap-1.5">
                        <code className="text-xs text-slate-600 dark:text-slate-400">{v.violation_type}</code>
                        {v.status === "inconclusive" ? <Badge tone="amber">? Inconclusive</Badge> : null}
                      </span>
                    </td>
                    <td className="px-3 py-3 text-slate-700 dark:text-slate-300">
                      <span className="block">{v.section}</span>
                      <span className="text-xs text-slate-600 dark:text-slate-400">{v.framework}</span>
                    </td>
                    <td className="px-3 py-3 text-right tabular-nums">{v.pages.length}</td>
                    <td className="px-3 py-3 text-right whitespace-nowrap tabular-nums">
                      {v.status === "violation" && v.penalty && v.penalty.regime !== "none" ? formatMoney(v.penalty.exposure ?? v.penalty.max, v.penalty.currency, { compact: true }) : "—"}
                    </td>
                  </tr>
                  {expanded ? (
                    <tr id={panelId} className="bg-slate-50/60 dark:bg-slate-900">
                      <td colSpan={6} className="px-5 pt-2 pb-6">
                        <ViolationDetails v={v} scanId={scanId} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
