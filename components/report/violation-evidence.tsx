import type { Violation } from "@/lib/schemas/report";
import { formatLifetime, formatMs, sessionLabel } from "@/lib/ui/format";
import { artifactUrl } from "@/lib/ui/scan-api";

const th = "px-3 py-2 text-left text-xs font-semibold text-slate-600 dark:text-slate-400";
const td = "px-3 py-1.5 align-top";

/** Screenshot names say which session and moment they show ("reject_all_banner_after.png"). */
function screenshotCaption(file: string): string {
  const base = file.split("/").pop()?.replace(/\.png$/i, "") ?? file;
  const session = ["pre_consent", "accept_all", "reject_all", "gpc"].find((s) => base.includes(s));
  const moment = /before/i.test(base) ? "before the choice" : /after/i.test(base) ? "after the choice" : "";
  return [session ? sessionLabel(session) : base, moment].filter(Boolean).join(", ");
}

export function ViolationEvidence({ violation, scanId }: { violation: Violation; scanId: string }) {
  const ev = violation.evidence;
  const signals = Object.entries(ev.signals);
  return (
    <div className="space-y-5">
      {ev.screenshots.length ? (
        <div>
          <h5 className="mb-2 text-sm font-semibold">Screenshots</h5>
          <div className="grid gap-3 sm:grid-cols-2">
            {ev.screenshots.map((file) => (
              <figure key={file} className="overflow-hidden rounded-lg border border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-950">
                <a href={artifactUrl(scanId, file)} target="_blank" rel="noreferrer" className="block focus-visible:outline-2 focus-visible:outline-indigo-600">
                  {/* Evidence images come from the authenticated API, not a static asset, so next/image cannot optimise them. */}
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={artifactUrl(scanId, file)} alt={`Screenshot: ${screenshotCaption(file)}`} loading="lazy" className="max-h-72 w-full object-contain object-top" data-testid="evidence-screenshot" />
                </a>
                <figcaption className="border-t border-slate-200 px-3 py-1.5 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">{screenshotCaption(file)}</figcaption>
              </figure>
            ))}
          </div>
        </div>
      ) : null}

      {ev.requests.length ? (
        <div>
          <h5 className="mb-2 text-sm font-semibold">Requests ({ev.requests.length})</h5>
          <div tabIndex={0} className="table-scroll rounded-lg border border-slate-200 dark:border-slate-700">
            <table className="w-full text-xs">
              <thead className="bg-slate-50 dark:bg-slate-800/60">
                <tr>
                  <th className={th}>Session</th>
                  <th className={th}>Entity</th>
                  <th className={th}>Request</th>
                  <th className={th}>After consent</th>
                  <th className={th}>Page</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {ev.requests.slice(0, 50).map((r) => (
                  <tr key={`${r.session}-${r.id}`}>
                    <td className={`${td} whitespace-nowrap`}>{sessionLabel(r.session)}</td>
                    <td className={`${td} whitespace-nowrap`}>
                      {r.entity ?? "Unknown"}
                      {r.category ? <span className="block text-slate-600 dark:text-slate-400">{r.category}</span> : null}
                    </td>
                    {/* One line per request keeps 20+ rows scannable; the full URL is in the tooltip and the HAR. */}
                    <td className={`${td} max-w-md truncate font-mono`} title={r.url}>
                      <span className="mr-1 text-slate-600 dark:text-slate-400">{r.method}</span>
                      {r.url}
                    </td>
                    <td className={`${td} whitespace-nowrap tabular-nums`}>{r.t_since_consent_ms === null ? "no choice made" : formatMs(r.t_since_consent_ms)}</td>
                    <td className={`${td} max-w-48 truncate font-mono`} title={r.page_url ?? undefined}>
                      {r.page_url ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {ev.requests.length > 50 ? <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">First 50 of {ev.requests.length}; the HAR files have them all.</p> : null}
        </div>
      ) : null}

      {ev.cookies.length ? (
        <div>
          <h5 className="mb-2 text-sm font-semibold">Cookies ({ev.cookies.length})</h5>
          <div tabIndex={0} className="table-scroll rounded-lg border border-slate-200 dark:border-slate-700">
            <table className="w-full text-xs">
              <thead className="bg-slate-50 dark:bg-slate-800/60">
                <tr>
                  <th className={th}>Session</th>
                  <th className={th}>Name</th>
                  <th className={th}>Domain</th>
                  <th className={th}>Entity</th>
                  <th className={th}>Lifetime</th>
                  <th className={th}>Set by</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {ev.cookies.slice(0, 50).map((c) => (
                  <tr key={`${c.session}-${c.domain}-${c.name}`}>
                    <td className={`${td} whitespace-nowrap`}>{sessionLabel(c.session)}</td>
                    <td className={`${td} font-mono`}>{c.name}</td>
                    <td className={`${td} font-mono`}>{c.domain}</td>
                    <td className={td}>{c.entity ?? "—"}</td>
                    <td className={`${td} whitespace-nowrap tabular-nums`}>{formatLifetime(c.lifetime_days)}</td>
                    <td className={`${td} max-w-56 truncate font-mono`} title={c.set_by ?? undefined}>
                      {c.set_by ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {signals.length ? (
        <div>
          <h5 className="mb-2 text-sm font-semibold">Signals the site recorded</h5>
          <dl className="grid gap-x-6 gap-y-1 text-xs sm:grid-cols-2">
            {signals.map(([k, v]) => (
              <div key={k} className="flex justify-between gap-3 border-b border-slate-100 py-1 dark:border-slate-800">
                <dt className="font-mono text-slate-600 dark:text-slate-400">{k}</dt>
                <dd className="font-mono break-all">{v === null ? "null" : String(v)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}

      {ev.notes.length ? (
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
          {ev.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}

      {!ev.screenshots.length && !ev.requests.length && !ev.cookies.length && !signals.length && !ev.notes.length ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">This finding rests on the page content itself; see the pages listed above.</p>
      ) : null}
    </div>
  );
}
