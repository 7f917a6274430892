"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/ui/cn";

const links = [
  { href: "/scans", label: "Scans", match: (p: string) => p === "/scans" || (p.startsWith("/scans/") && !p.startsWith("/scans/new")) },
  { href: "/scans/new", label: "New scan", match: (p: string) => p.startsWith("/scans/new") },
  { href: "/monitors", label: "Monitors", match: (p: string) => p === "/monitors" || p.startsWith("/monitors/") },
  { href: "/settings/tokens", label: "API tokens", match: (p: string) => p.startsWith("/settings") },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-1">
      {links.map((l) => {
        const active = l.match(pathname);
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400",
                active
                  ? "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white"
                  : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white",
              )}
            >
              {l.label}
            </Link>
          </li>
        );
      })}
      <li>
        <a
          href="/docs"
          className="rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
        >
          API reference
        </a>
      </li>
    </ul>
  );
}
