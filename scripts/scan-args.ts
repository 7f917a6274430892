/**
 * The CLI's framework and region flags as scan-request fields: `--framework` may repeat and
 * `--frameworks a,b` lists several; the first named is the primary. Validation is the request
 * schema's (it names the bad field), so unknown or repeated names are passed on as given.
 */
export function frameworkFields(framework: readonly string[] | undefined, frameworks: string | undefined): { framework?: string; frameworks?: string[] } {
  const names = [...(framework ?? []), ...(frameworks ?? "").split(",")].map((n) => n.trim().toUpperCase()).filter(Boolean);
  if (names.length === 0) return {};
  if (names.length === 1) return { framework: names[0] };
  return { framework: names[0], frameworks: names };
}

/** `--region` as given (lower case, as the ids are); absent: the primary framework's default. */
export function regionField(region: string | undefined): { region?: string } {
  const id = region?.trim().toLowerCase();
  return id ? { region: id } : {};
}
