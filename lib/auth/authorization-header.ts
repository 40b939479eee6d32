/** What the Authorization header carries: Bearer, or Basic with a token and an empty password, or a login and password. */
export type PresentedCredentials =
  | { type: "none" }
  | { type: "token"; token: string }
  | { type: "password"; login: string; password: string }
  | { type: "invalid"; message: string };

export function readCredentials(header: string | null): PresentedCredentials {
  if (!header || header.trim() === "") return { type: "none" };
  const [scheme = "", ...rest] = header.trim().split(/\s+/);
  const value = rest.join(" ");
  if (scheme.toLowerCase() === "bearer") {
    return value ? { type: "token", token: value } : { type: "invalid", message: "The bearer token is empty." };
  }
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (!value || colon < 0) return { type: "invalid", message: "Malformed Basic credentials." };
    const login = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    // SonarQube convention: a token as the login with an empty password.
    if (password === "") return { type: "token", token: login };
    return { type: "password", login, password };
  }
  return { type: "invalid", message: "Unsupported authorization scheme; use Bearer or Basic." };
}
