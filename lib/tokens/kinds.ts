import type { TokenKind } from "@/db/schema";

export const TOKEN_PREFIXES: Record<TokenKind, string> = {
  user: "tsu_",
  global_analysis: "tsg_",
  project_analysis: "tsp_",
  organization: "tso_",
  agent: "tsa_",
  agent_app: "tsx_",
};

/** Kinds owned by a user whose names are unique per user and that inactivity removal applies to. */
export const USER_OWNED_KINDS: readonly TokenKind[] = ["user", "global_analysis", "project_analysis"];

/** Names used by the Web API (`type` parameter) for the user-owned kinds. */
export const API_TOKEN_TYPES = {
  USER_TOKEN: "user",
  GLOBAL_ANALYSIS_TOKEN: "global_analysis",
  PROJECT_ANALYSIS_TOKEN: "project_analysis",
} as const satisfies Record<string, TokenKind>;

export type ApiTokenType = keyof typeof API_TOKEN_TYPES;

export function apiTokenType(kind: TokenKind): ApiTokenType | undefined {
  const entry = Object.entries(API_TOKEN_TYPES).find(([, value]) => value === kind);
  return entry?.[0] as ApiTokenType | undefined;
}

/** Labels shown in the UI. */
export const TOKEN_KIND_LABELS: Record<TokenKind, string> = {
  user: "User Token",
  global_analysis: "Global Analysis Token",
  project_analysis: "Project Analysis Token",
  organization: "Organization Token",
  agent: "Agent Token",
  agent_app: "Agent App Credential",
};
