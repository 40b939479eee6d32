/** Where notice emails go out: an SMTP server URL and the sender. */
export interface MailConfig {
  /** `smtp://user:pass@host:port` or `smtps://…`. */
  url: string;
  from: string;
}

/**
 * The mail configuration from SMTP_URL and MAIL_FROM, or null when either is unset (notices are then
 * in-app only). A URL that is not smtp: or smtps: throws, so the server refuses to start with it.
 */
export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const url = env.SMTP_URL?.trim();
  const from = env.MAIL_FROM?.trim();
  if (!url || !from) return null;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error("SMTP_URL must be a URL such as smtp://user:pass@host:587 or smtps://host:465.");
  }
  if (protocol !== "smtp:" && protocol !== "smtps:") {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${protocol}//.`);
  }
  return { url, from };
}

/** The app's public origin for links in emails: NEXTAUTH_URL when set, else http://localhost:PORT. */
export function publicOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.NEXTAUTH_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  return `http://localhost:${env.PORT || 3000}`;
}
