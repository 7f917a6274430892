export default function HomePage() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">APO — Autonomous Privacy Observability</h1>
      <p className="mt-4 text-slate-600 dark:text-slate-300">
        Tests whether a website respects people&apos;s privacy choices — before consent, after
        &ldquo;accept&rdquo;, after &ldquo;reject&rdquo; and with Global Privacy Control — and reports
        violations of the chosen law with evidence, citations and potential fines.
      </p>
      <p className="mt-6 text-sm text-slate-500">
        API health: <a className="underline" href="/api/health">/api/health</a>
      </p>
    </main>
  );
}
