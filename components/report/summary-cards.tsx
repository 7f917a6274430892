import type { ReactNode } from "react";
import type { EvidenceReport } from "@/lib/schemas/report";
import { formatInteger, formatMoney } from "@/lib/ui/format";
import { ScoreGauge } from "./score-gauge";
import { SeverityChart } from "./severity-chart";

function Stat({ label, children, footer, testId }: { label: string; children: ReactNode; footer?: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId} className="flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h3 className="text-sm font-medium text-slate-600 dark:text-slate-400">{label}</h3>
      <div className="mt-2 flex-1">{children}</div>
      {footer ? <div className="mt-3 text-xs leading-snug text-slate-600 dark:text-slate-400">{footer}</div> : null}
    </div>
  );
}

/** The largest per-violation penalty is the one whose basis and citation we quote on the card. */
function headlinePenalty(report: EvidenceReport) {
  const withPenalty = report.violations.filter((v) => v.status === "violation" && v.penalty && v.penalty.regime !== "none");
  return withPenalty.sort((a, b) => (b.penalty?.exposure ?? b.penalty?.max ?? 0) - (a.penalty?.exposure ?? a.penalty?.max ?? 0))[0]?.penalty ?? null;
}

export function SummaryCards({ report }: { report: EvidenceReport }) {
  const vs = report.violation_summary;
  const penalty = headlinePenalty(report);
  const currency = vs.penalty_currency ?? penalty?.currency ?? "USD";
  const trackerEntities = report.trackers.filter((t) => t.category !== "essential" && t.category !== "consent").length;
  const trackerDomains = new Set(report.trackers.flatMap((t) => t.domains)).size;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Stat
        label="Violations"
        testId="stat-violations"
        footer={
          vs.inconclusive || vs.observations ? `${vs.inconclusive} inconclusive and ${vs.observations} observations are listed separately and not counted.` : "Confirmed violations only."
        }
      >
        <p className="text-3xl font-semibold tabular-nums">{vs.total}</p>
        <div className="mt-3">
          <SeverityChart breakdown={vs.severity_breakdown} />
        </div>
      </Stat>
      <Stat label="Compliance score" testId="stat-score" footer={report.report_metadata.score_formula}>
        <div className="flex items-center gap-4">
          <ScoreGauge score={report.compliance_score.score} grade={report.compliance_score.grade} />
          <p>
            <span className="text-3xl font-semibold tabular-nums">{Math.round(report.compliance_score.score)}</span>
            <span className="text-slate-600 dark:text-slate-400"> / 100</span>
            <span className="mt-0.5 block text-sm text-slate-600 dark:text-slate-400">Grade {report.compliance_score.grade}</span>
          </p>
        </div>
      </Stat>
      <Stat
        label="Potential fines"
        testId="stat-fines"
        footer={
          penalty ? (
            <>
              {penalty.basis} <span className="whitespace-nowrap">({penalty.citation})</span>
              {vs.max_potential_penalty_usd !== null && currency !== "USD" ? <> · ≈ {formatMoney(vs.max_potential_penalty_usd, "USD", { compact: true })}</> : null}
            </>
          ) : (
            "No fine applies to the confirmed violations."
          )
        }
      >
        <p className="text-3xl font-semibold tabular-nums">{vs.max_potential_penalty !== null ? formatMoney(vs.max_potential_penalty, currency, { compact: true }) : "—"}</p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {penalty?.regime === "per_violation"
            ? penalty.exposure !== null
              ? "Estimated exposure for the consumers you entered"
              : `Up to ${formatMoney(penalty.max, penalty.currency)} per violation`
            : penalty?.regime === "turnover_cap"
              ? penalty.exposure !== null
                ? "Cap at the turnover you entered"
                : "Statutory cap (turnover not given)"
              : "Maximum in the framework's currency"}
        </p>
      </Stat>
      <Stat label="Coverage" testId="stat-coverage" footer={report.report_metadata.completeness === "partial" ? "Partial: some steps did not finish. See the notes above." : "All steps completed."}>
        <dl className="grid grid-cols-2 gap-3">
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-400">Pages scanned</dt>
            <dd className="text-3xl font-semibold tabular-nums">{formatInteger(report.pages.length)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-400">Trackers found</dt>
            <dd className="text-3xl font-semibold tabular-nums">{formatInteger(trackerEntities)}</dd>
          </div>
        </dl>
        <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
          {trackerDomains} tracker domains · {report.cookies.length} cookies
        </p>
      </Stat>
    </div>
  );
}
