import Link from "next/link";
import { ShieldIcon } from "@/components/ui/icons";

export function Brand({ href = "/scans" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded-md font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-white">
      <span className="inline-flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white dark:bg-indigo-500">
        <ShieldIcon className="size-5" />
      </span>
      <span className="leading-tight">
        APO
        <span className="block text-[11px] font-normal text-slate-600 dark:text-slate-400">Privacy observability</span>
      </span>
    </Link>
  );
}
