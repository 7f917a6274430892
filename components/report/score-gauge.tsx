const gradeColour: Record<string, string> = {
  A: "stroke-emerald-500",
  B: "stroke-lime-500",
  C: "stroke-amber-500",
  D: "stroke-orange-500",
  F: "stroke-rose-600",
};

/** A ring showing score/100 with the grade in the middle; the number is in the text too. */
export function ScoreGauge({ score, grade }: { score: number; grade: string }) {
  const r = 34;
  const c = 2 * Math.PI * r;
  const pct = Math.max(0, Math.min(100, score));
  return (
    <svg viewBox="0 0 80 80" className="size-20 shrink-0" role="img" aria-label={`Compliance score ${Math.round(score)} out of 100, grade ${grade}`}>
      <circle cx="40" cy="40" r={r} fill="none" strokeWidth="8" className="stroke-slate-200 dark:stroke-slate-800" />
      <circle
        cx="40"
        cy="40"
        r={r}
        fill="none"
        strokeWidth="8"
        strokeLinecap="round"
        strokeDasharray={`${(pct / 100) * c} ${c}`}
        transform="rotate(-90 40 40)"
        className={gradeColour[grade] ?? "stroke-indigo-500"}
      />
      <text x="40" y="47" textAnchor="middle" className="fill-slate-900 text-[22px] font-bold dark:fill-white">
        {grade}
      </text>
    </svg>
  );
}
