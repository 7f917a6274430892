/** The version the bundle is stamped with (scripts/build-cli.mjs); "dev" from a checkout. */
declare const __APO_VERSION__: string | undefined;
export const CLI_VERSION = typeof __APO_VERSION__ === "string" ? __APO_VERSION__ : "dev";
