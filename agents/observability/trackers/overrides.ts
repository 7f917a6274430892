import type { TrackerCategory } from "@/lib/schemas/report";
import { TrackerCategorySchema } from "@/lib/schemas/report";
import overridesJson from "../data/tracker-overrides.json";
import cookieNamesJson from "../data/cookie-names.json";

export interface KnownEntity {
  entity: string | null;
  category: TrackerCategory;
}


const hostOverrides = new Map<string, KnownEntity>(
  Object.entries(overridesJson.hosts).map(([host, v]) => [host, { entity: v.entity, category: TrackerCategorySchema.parse(v.category) }]),
);

/** The override for a host or its nearest listed parent domain. */
export function hostOverride(host: string): KnownEntity | null {
  const labels = host.split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    const hit = hostOverrides.get(labels.slice(i).join("."));
    if (hit) return hit;
  }
  return null;
}

const cookieTable = cookieNamesJson.cookies.map((c) => ({
  name: c.name,
  prefix: c.name.endsWith("*") ? c.name.slice(0, -1) : null,
  entity: c.entity,
  category: TrackerCategorySchema.parse(c.category),
}));

/** A well-known cookie name's vendor and category; first table entry wins. */
export function cookieNameInfo(name: string): KnownEntity | null {
  for (const row of cookieTable) {
    if (row.prefix !== null ? name.startsWith(row.prefix) : name === row.name) return { entity: row.entity, category: row.category };
  }
  return null;
}
