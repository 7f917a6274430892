import type { ReactNode } from "react";
import { ButtonLink } from "./button";
import { PlusIcon } from "./icons";

/** The primary "New …" call of a list page and its empty state: start a scan, add a monitor. */
export function NewLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <ButtonLink href={href} variant="primary">
      <PlusIcon />
      {children}
    </ButtonLink>
  );
}
