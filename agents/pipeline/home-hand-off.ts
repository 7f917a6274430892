import type { PageNode } from "@/agents/evidence/schema";

/**
 * The hand-off from discovery to the visitors: discovery announces the home page as soon as it
 * has crawled it, so the visitors start there while the crawl goes on. A discovery that ends
 * without the home page (cancelled, failed) ends the wait with null.
 */
export class HomeHandOff {
  private settle: (home: PageNode | null) => void = () => undefined;
  /** The crawled home page, or null when discovery ended without one. Settles once. */
  readonly crawled: Promise<PageNode | null> = new Promise((resolve) => (this.settle = resolve));

  announce(home: PageNode): void {
    this.settle(home);
  }

  /** Discovery has ended: a home page not announced by now never will be. */
  endWithout(): void {
    this.settle(null);
  }
}
