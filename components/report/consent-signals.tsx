import type { ConsentSignalsReport } from "@/lib/schemas/report";

/**
 * What the site's own consent records and its tags said, decoded (TCF strings, Google Consent
 * Mode): one line each, as in the HTML report. Nothing when the site sent none.
 */
export function ConsentSignals({ signals }: { signals: ConsentSignalsReport }) {
  if (signals.summary.length === 0) return null;
  return (
    <div className="rounded-lg border border-slate-200 p-4 dark:border-slate-700" data-testid="consent-signals">
      <h3 className="text-sm font-semibold">Decoded consent signals (TCF, Google Consent Mode)</h3>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800 dark:text-slate-200">
        {signals.summary.map((line) => (
          <li key={line} className="break-words">
            {line}
          </li>
        ))}
      </ul>
      {signals.vendor_map_source ? <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Vendor hosts: {signals.vendor_map_source}</p> : null}
    </div>
  );
}
