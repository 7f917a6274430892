import Link from "next/link";
import { redirect } from "next/navigation";
import { Brand } from "@/components/shell/brand";
import { buttonClass } from "@/components/ui/button";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { getPrincipal } from "@/lib/auth/get-principal";

const sessions = [
  { name: "Before consent", text: "Arrives and does nothing: what loads before any choice." },
  { name: "Accept all", text: "Accepts everything on the banner: the baseline." },
  { name: "Reject all", text: "Rejects everything: are the trackers really gone?" },
  { name: "GPC on", text: "Sends Global Privacy Control and touches no banner." },
];

export default async function HomePage() {
  // Signed-in analysts go straight to their work.
  if (await getPrincipal()) redirect("/scans");
  return (
    <div className="min-h-screen">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-6 py-5">
        <Brand href="/" />
        <div className="flex items-center gap-2">
          <ThemeToggle />
          <Link href="/login" className={buttonClass("primary", "sm")}>
            Sign in
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-6 pt-12 pb-20">
        <h1 className="max-w-3xl text-4xl font-semibold tracking-tight text-slate-900 dark:text-white">
          Does this website respect people&apos;s privacy choices? Find out with evidence.
        </h1>
        <p className="mt-5 max-w-2xl text-lg text-slate-600 dark:text-slate-300">
          APO visits a site in a real browser as four kinds of visitor, records every request and cookie, and reports
          violations of the law you choose with citations, severity and potential fines.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link href="/login" className={buttonClass("primary")}>
            Sign in to start a scan
          </Link>
          <a href="/docs" className={buttonClass("secondary")}>
            API reference
          </a>
        </div>
        <h2 className="mt-16 text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Four visitors, one verdict</h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {sessions.map((s) => (
            <li key={s.name} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <p className="font-medium text-slate-900 dark:text-white">{s.name}</p>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{s.text}</p>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
