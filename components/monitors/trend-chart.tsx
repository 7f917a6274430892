"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardHeader } from "@/components/ui/card";
import type { MonitorRun } from "@/lib/schemas/monitor";
import { formatDateTime } from "@/lib/ui/format";
import { describeTrend, trendFromRuns } from "@/lib/ui/monitors";

// recharts draws with presentation attributes; these CSS rules (stronger than attributes) give
// the lines their dark-theme colours. The lines also differ by dash and marker, not colour only.
const darkLines =
  "dark:[&_.score-line_.recharts-curve]:stroke-indigo-400 dark:[&_.score-line_.recharts-dot]:stroke-indigo-400 dark:[&_.violations-line_.recharts-curve]:stroke-rose-400 dark:[&_.violations-line_.recharts-dot]:stroke-rose-400";

/** Score and violations per completed run, with a visually hidden table carrying the same numbers. */
export function TrendChart({ runs }: { runs: readonly MonitorRun[] }) {
  const points = trendFromRuns(runs);
  const title = `Score and violations over the last ${points.length} completed ${points.length === 1 ? "run" : "runs"}`;
  const desc = `${describeTrend(points.map((p) => p.score))}. ${describeTrend(points.map((p) => p.violations), "Violations")}.`;
  return (
    <Card aria-labelledby="trend-heading">
      <CardHeader id="trend-heading" title="Trend" description="Compliance score (0–100, higher is better, solid line) and violations (dashed line) per completed run." />
      {points.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-600 dark:text-slate-400">The chart appears after the first completed run.</p>
      ) : (
        <div className="p-4">
          <div className={`h-64 w-full text-slate-600 dark:text-slate-400 ${darkLines}`} data-testid="trend-chart">
            <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 256 }}>
              <LineChart data={points} title={title} desc={desc} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} />
                <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" />
                <YAxis yAxisId="score" domain={[0, 100]} tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" width={40} />
                <YAxis yAxisId="violations" orientation="right" allowDecimals={false} tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" width={40} />
                <Tooltip labelFormatter={(_, payload) => formatDateTime((payload?.[0]?.payload as { at?: string } | undefined)?.at ?? null)} />
                <Legend />
                <Line className="score-line" yAxisId="score" type="monotone" dataKey="score" name="Score" stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
                <Line className="violations-line" yAxisId="violations" type="monotone" dataKey="violations" name="Violations" stroke="#e11d48" strokeWidth={2} strokeDasharray="6 4" dot={{ r: 3 }} connectNulls isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="sr-only">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">Finished</th>
                <th scope="col">Score</th>
                <th scope="col">Violations</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.scan_id}>
                  <th scope="row">{formatDateTime(p.at)}</th>
                  <td>{p.score ?? "—"}</td>
                  <td>{p.violations ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
