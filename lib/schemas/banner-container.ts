import { z } from "zod";

/**
 * Where a consent banner lives: the page's own document, a shadow root (custom elements, possibly
 * nested) or a frame served from another origin (which may itself hold shadow roots). Isomorphic:
 * the evidence records it and the report shows it.
 */
export const BannerContainerSchema = z.object({
  kind: z.enum(["document", "shadow_root", "frame"]),
  /** The shadow hosts from the document down to the banner's controls, outermost first, joined by " >>> ". */
  shadow_host: z.string().nullable().default(null),
  /** "closed": the host is visible but its content cannot be read from the page. */
  shadow_mode: z.enum(["open", "closed"]).nullable().default(null),
  frame_url: z.string().nullable().default(null),
});
export type BannerContainer = z.infer<typeof BannerContainerSchema>;
