import type { Metadata } from "next";
import { Brand } from "@/components/shell/brand";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Page not found" };

// Next's built-in 404 styles itself with an inline <style> element that carries no nonce, which
// the pages' CSP (proxy.ts) refuses: this one uses the app's stylesheet.
export default function NotFound() {
  return (
    <div className="min-h-screen">
      <header className="mx-auto flex max-w-5xl items-center px-6 py-5">
        <Brand href="/" />
      </header>
      <main id="main" className="mx-auto max-w-5xl px-6 pt-12">
        <h1 className="sr-only">Page not found</h1>
        <EmptyState title="404: this page could not be found." action={<ButtonLink href="/">Go to the start page</ButtonLink>} />
      </main>
    </div>
  );
}
