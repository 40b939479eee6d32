import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from "@playwright/test";
import { recordRevealed } from "./revealed";
import { ADMIN, logIn } from "./security-page";

/** Someone who can sign in: what the specs pass around for users they create. */
export interface Person {
  login: string;
  name: string;
  email?: string;
  password: string;
}

let sequence = 0;

/** A value no other spec (or earlier run against the same server) has used: `prefix-<time><n>`. */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${Date.now().toString(36)}${sequence}`;
}

export function basicAuth(login: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}` };
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export const ADMIN_AUTH = basicAuth(ADMIN.login, ADMIN.password);

/** Creates a plain user through the Web API (`POST /api/users/create`). */
export async function createUserViaApi(
  request: APIRequestContext,
  user: { login: string; name?: string; email?: string; password?: string },
): Promise<Person> {
  const person: Person = {
    login: user.login,
    name: user.name ?? `User ${user.login}`,
    email: user.email,
    password: user.password ?? `pw-${user.login}-secret`,
  };
  const form: Record<string, string> = { login: person.login, name: person.name, password: person.password };
  if (person.email) form.email = person.email;
  const response = await request.post("/api/users/create", { headers: ADMIN_AUTH, form });
  expect(response.status(), await response.text()).toBe(200);
  return person;
}

/** Like createUserViaApi, for fixed names that an earlier run against the same server may have made. */
export async function ensureUserViaApi(request: APIRequestContext, user: Person): Promise<Person> {
  const response = await request.post("/api/users/create", {
    headers: ADMIN_AUTH,
    form: { login: user.login, name: user.name, password: user.password, ...(user.email ? { email: user.email } : {}) },
  });
  if (response.status() !== 200) expect(await response.text()).toContain("already exists");
  return user;
}

export async function createProjectViaApi(request: APIRequestContext, key: string, name: string): Promise<void> {
  const response = await request.post("/api/projects/create", { headers: ADMIN_AUTH, form: { project: key, name } });
  expect(response.status(), await response.text()).toBe(200);
}

/** Grants (or removes) Execute Analysis on a project, or globally without `projectKey`. */
export async function setScanViaApi(
  request: APIRequestContext,
  login: string,
  granted: boolean,
  projectKey?: string,
): Promise<void> {
  const response = await request.post(`/api/permissions/${granted ? "add_user" : "remove_user"}`, {
    headers: ADMIN_AUTH,
    form: { login, permission: "scan", ...(projectKey ? { projectKey } : {}) },
  });
  expect(response.status(), await response.text()).toBe(204);
}

/** Generates a token as `who` (Basic auth with their password) and records its value for the leak scan. */
export async function generateTokenViaApi(
  request: APIRequestContext,
  who: { login: string; password: string },
  name: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const response = await request.post("/api/user_tokens/generate", {
    headers: basicAuth(who.login, who.password),
    form: { name, ...extra },
  });
  expect(response.status(), await response.text()).toBe(200);
  const { token } = (await response.json()) as { token: string };
  recordRevealed(token, name);
  return token;
}

/** `GET /api/authentication/validate` with the token as Bearer. */
export async function tokenIsValid(request: APIRequestContext, token: string): Promise<boolean> {
  const response = await request.get("/api/authentication/validate", { headers: bearer(token) });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { valid: boolean }).valid;
}

/** `POST /api/ce/submit` with the token as Bearer; returns the HTTP status. */
export async function submitAnalysis(request: APIRequestContext, token: string, projectKey: string): Promise<number> {
  const response = await request.post("/api/ce/submit", { headers: bearer(token), form: { projectKey } });
  return response.status();
}

/**
 * A second, separate browser session (its own cookies) signed in as `who`, with the clipboard
 * permissions of the configuration. Close it with `context.close()`.
 */
export async function signInElsewhere(
  browser: Browser,
  baseURL: string | undefined,
  who: { login: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await logIn(page, who);
  return { context, page };
}

/** Page object for Administration > Users. */
export class UsersPage {
  constructor(readonly page: Page) {}

  async open(query?: string): Promise<void> {
    await this.page.goto(query ? `/admin/users?q=${encodeURIComponent(query)}` : "/admin/users");
    await expect(this.page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  }

  get searchBox(): Locator {
    return this.page.getByRole("searchbox", { name: "Search users" });
  }

  async search(text: string): Promise<void> {
    await this.searchBox.fill(text);
    await this.searchBox.press("Enter");
    await expect.poll(() => new URL(this.page.url()).searchParams.get("q")).toBe(text);
  }

  /** The table row of a user, found by its `Tokens of <login>` button. */
  row(login: string): Locator {
    return this.page
      .getByRole("row")
      .filter({ has: this.page.getByRole("button", { name: `Tokens of ${login}`, exact: true }) });
  }

  /** Data rows of the table (the header row excluded). */
  get bodyRows(): Locator {
    return this.page.locator("tbody tr");
  }

  get pagination(): Locator {
    return this.page.getByRole("navigation", { name: "Pagination" });
  }

  tokensDialog(name: string): Locator {
    return this.page.getByRole("dialog", { name: `Tokens of ${name}`, exact: true });
  }

  async openTokens(user: { login: string; name: string }): Promise<Locator> {
    await this.row(user.login)
      .getByRole("button", { name: `Tokens of ${user.login}`, exact: true })
      .click();
    const dialog = this.tokensDialog(user.name);
    await expect(dialog).toBeVisible();
    await expect.poll(() => new URL(this.page.url()).searchParams.get("tokens")).toBe(user.login);
    return dialog;
  }
}
