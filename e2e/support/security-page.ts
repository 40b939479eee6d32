import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { recordRevealed } from "./revealed";

export const ADMIN = { login: "admin", password: "e2e-admin-password" };
export const TOKEN_PATTERN = /^tsu_[0-9A-Za-z]{38}$/;

export async function logIn(page: Page, who = ADMIN): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Login").fill(who.login);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
}

/** Page object for My Account > Security, which several specs drive. */
export class SecurityPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/account/security");
    await expect(this.page.getByRole("heading", { name: "Personal Tokens" })).toBeVisible();
  }

  get revealDialog(): Locator {
    return this.page.getByRole("dialog", { name: "New token" });
  }

  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("cell", { name, exact: true }) });
  }

  async submitGenerate(name: string, expiresIn?: string): Promise<void> {
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    if (expiresIn) await this.page.getByLabel("Expires in").selectOption(expiresIn);
    await this.page.getByRole("button", { name: "Generate" }).click();
  }

  /** Generates a token, copies it, closes the dialog and returns the value read back from the clipboard. */
  async generate(name: string, expiresIn?: string): Promise<string> {
    await this.submitGenerate(name, expiresIn);
    const dialog = this.revealDialog;
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Copy" }).click();
    await expect(dialog.getByRole("button", { name: "Done" })).toBeEnabled();
    const value = await this.page.evaluate(() => navigator.clipboard.readText());
    recordRevealed(value, name);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    return value;
  }
}

/** Revokes every token of the administrator through the Web API, so a spec can start from "No tokens". */
export async function revokeAllAdminTokens(request: APIRequestContext): Promise<void> {
  const auth = { Authorization: `Basic ${Buffer.from(`${ADMIN.login}:${ADMIN.password}`).toString("base64")}` };
  const search = await request.get("/api/user_tokens/search", { headers: auth });
  expect(search.status()).toBe(200);
  for (const { name } of (await search.json()).userTokens as { name: string }[]) {
    const revoked = await request.post("/api/user_tokens/revoke", { headers: auth, form: { name } });
    expect(revoked.status()).toBe(204);
  }
}
