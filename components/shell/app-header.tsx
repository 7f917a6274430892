import { ThemeToggle } from "@/components/ui/theme-toggle";
import { Brand } from "./brand";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export function AppHeader({ userLabel = null }: { userLabel?: string | null }) {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex h-16 max-w-7xl items-center gap-6 px-4 sm:px-6">
        <Brand />
        <nav aria-label="Main" className="min-w-0 flex-1 overflow-x-auto">
          <NavLinks />
        </nav>
        <div className="flex items-center gap-2">
          {userLabel ? (
            <span className="hidden max-w-48 truncate text-sm text-slate-600 lg:inline dark:text-slate-400" title={`Signed in as ${userLabel}`}>
              {userLabel}
            </span>
          ) : null}
          <ThemeToggle />
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
