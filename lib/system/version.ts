import packageJson from "@/package.json";

/** Tokensmith's version, as api/server/version and api/system/status report it. */
export const APP_VERSION: string = packageJson.version;
