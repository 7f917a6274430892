import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { AppHeader } from "@/components/shell/app-header";
import { getPrincipal } from "@/lib/auth/get-principal";

// proxy.ts only looks for a session cookie; this is where the session is actually verified.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const principal = await getPrincipal();
  if (!principal) redirect("/login");
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader userLabel={principal.id} />
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
