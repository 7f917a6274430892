import type { BannerEvidence } from "@/agents/evidence/schema";
import type { BannerContainer } from "@/lib/schemas/banner-container";

/** Where the banner lives, in words for the report ("in a frame from https://…", "inside the shadow root of …"). */
export function describeContainer(container: BannerContainer | null): string | null {
  if (!container || container.kind === "document") return null;
  const shadow = container.shadow_host ? `inside the ${container.shadow_mode === "closed" ? "closed " : ""}shadow root of ${container.shadow_host}` : null;
  if (container.kind === "frame") return [`in a frame from ${container.frame_url ?? "another origin"}`, shadow].filter(Boolean).join(", ");
  return shadow;
}

/**
 * A banner the engine saw but could not read or operate: nothing it shows about the site's choices
 * (reject offered or not, clicks needed) can be claimed from it.
 */
export function bannerInoperable(banner: BannerEvidence | null): boolean {
  return !!banner?.detected && banner.inoperable_reason !== null && banner.buttons.length === 0;
}
