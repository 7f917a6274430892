import type { EvidenceReport } from "@/lib/schemas/report";

type RefusedLink = EvidenceReport["refused_links"][number];

const ROLE: Record<RefusedLink["role"], string> = { privacy_policy: "Privacy policy link", opt_out: "Opt-out link", link: "Link" };

/** Links the site wrote to things that are not web pages: recorded, never opened. */
export function RefusedLinks({ links }: { links: RefusedLink[] }) {
  if (links.length === 0) return null;
  return (
    <div className="border-t border-slate-200 px-5 py-4 dark:border-slate-700">
      <h3 className="text-sm font-semibold">Links not followed ({links.length})</h3>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        The site links to things that are not web pages (local files, browser pages, inline documents). The scanner never opens them, and visitors&apos; browsers refuse most of them.
      </p>
      <ul className="mt-2 space-y-1 text-sm">
        {links.map((l) => (
          <li key={`${l.role} ${l.url}`} className="break-all">
            <span className="font-medium">{ROLE[l.role]}</span>
            {l.text ? ` “${l.text}”` : ""}: <code className="text-xs">{l.url}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
