import packageJson from "@/package.json";

/** APO's own version, as released (package.json), named in every manifest. */
export const TOOL_VERSION = `apo/${packageJson.version}`;
