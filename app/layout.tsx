import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { themeScript } from "@/components/ui/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "APO — Autonomous Privacy Observability", template: "%s · APO" },
  description: "Tests whether a website respects people's privacy choices, with evidence.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // proxy.ts makes a nonce per request and allows only scripts that carry it (so every page
  // renders per request); Next puts it on its own scripts, the theme script needs it here.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script changes <html>'s class before hydration; React must not "fix" it back.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-indigo-600 px-3 py-2 text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
