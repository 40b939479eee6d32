export function buildState(): "current" | "missing" | "stale";
export function buildIfNeeded(): void;
