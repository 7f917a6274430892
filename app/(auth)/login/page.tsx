import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { Brand } from "@/components/shell/brand";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  const error = typeof params.error === "string" ? params.error : undefined;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex items-center justify-between px-6 py-4">
        <Brand href="/" />
        <ThemeToggle />
      </header>
      <main id="main" className="flex flex-1 items-center justify-center px-4 pb-16">
        <div className="w-full max-w-sm">
          <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <h1 className="text-xl font-semibold tracking-tight">Sign in to APO</h1>
            <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
              Scan sites, watch the agents work and read the evidence.
            </p>
            <LoginForm callbackUrl={callbackUrl} initialError={error} />
          </div>
          <p className="mt-6 text-center text-xs text-slate-600 dark:text-slate-400">
            Integrating over HTTP? See the <a className="underline hover:text-slate-900 dark:hover:text-white" href="/docs">API reference</a>.
          </p>
        </div>
      </main>
    </div>
  );
}
