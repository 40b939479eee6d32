import { expect, test } from "@playwright/test";
import { formatDate } from "../lib/dates";
import { expiryAfterDays } from "../lib/tokens/expiry";
import {
  ADMIN_AUTH,
  bearer,
  createUserViaApi,
  signInElsewhere,
  tokenIsValid,
  unique,
  UsersPage,
} from "./support/admin";
import { recordRevealed } from "./support/revealed";
import { logIn, SecurityPage, TOKEN_PATTERN } from "./support/security-page";

test("an administrator generates a token for a user in the Tokens dialog, and revokes it", async ({
  page,
  browser,
  baseURL,
  request,
}) => {
  const user = await createUserViaApi(request, { login: unique("tok"), name: "Tomas Tokenholder" });
  const tokenName = `on-behalf-${Date.now()}`;

  await logIn(page);
  const users = new UsersPage(page);
  await users.open(user.login);
  const dialog = await users.openTokens(user);
  await expect(dialog).toContainText(`Tokens generated here belong to ${user.login}`);
  await expect(dialog.getByText("No tokens")).toBeVisible();

  // The dialog lives in the URL: a reload opens it again.
  await page.reload();
  await expect(dialog).toBeVisible();

  // No Type select: what is generated here is always a User token.
  await expect(dialog.getByLabel("Type")).toHaveCount(0);
  const expiresIn = dialog.getByLabel("Expires in");
  await expect(expiresIn.locator("option")).toHaveText(["30 days", "90 days", "1 year", "No expiration"]);
  await dialog.getByLabel("Name", { exact: true }).fill(tokenName);
  await expiresIn.selectOption("90 days");
  await dialog.getByRole("button", { name: "Generate" }).click();

  // The New token dialog opens over the Tokens dialog, which stays open beneath it (shown, but
  // hidden from assistive technologies while the modal above it is open).
  const reveal = page.getByRole("dialog", { name: "New token" });
  const beneath = page.getByRole("dialog", { name: `Tokens of ${user.name}`, exact: true, includeHidden: true });
  await expect(reveal).toBeVisible();
  await expect(beneath).toBeVisible();
  await expect(dialog).toHaveCount(0);
  expect(
    await reveal.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
    }),
  ).toBe(true);
  const shown = await reveal.getByLabel("Token value").inputValue();
  expect(shown).toMatch(TOKEN_PATTERN);
  recordRevealed(shown, tokenName);

  await page.screenshot({ path: "test-results/admin-tokens-dialog-new-token.png" });

  // Escape before the copy closes neither of them.
  await page.keyboard.press("Escape");
  await expect(reveal).toBeVisible();
  await expect(beneath).toBeVisible();
  const done = reveal.getByRole("button", { name: "Done" });
  await expect(done).toBeDisabled();

  await reveal.getByRole("button", { name: "Copy" }).click();
  await expect(done).toBeEnabled();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  await done.click();
  await expect(reveal).toBeHidden();
  await expect(dialog).toBeVisible();

  const row = dialog.getByRole("row").filter({ has: page.getByRole("cell", { name: tokenName, exact: true }) });
  await expect(row).toBeVisible();
  await expect(row).toContainText(formatDate(new Date()));
  await expect(row).toContainText(formatDate(expiryAfterDays(90, new Date())));
  await expect(dialog.getByRole("columnheader")).toHaveText([
    "Name",
    "Last use",
    "Created",
    "Expiration",
    "Rotate",
    "Revoke",
  ]);
  await page.screenshot({ path: "test-results/admin-tokens-dialog.png" });

  // The token is the user's: it acts as them, not as the administrator.
  const asUser = await request.get("/api/user_tokens/search", { headers: bearer(copied) });
  expect(asUser.status()).toBe(200);
  const listed = (await asUser.json()) as { login: string; userTokens: { name: string; type: string }[] };
  expect(listed.login).toBe(user.login);
  expect(listed.userTokens).toEqual([expect.objectContaining({ name: tokenName, type: "USER_TOKEN" })]);
  const adminsOwn = await request.get("/api/user_tokens/search", { headers: ADMIN_AUTH });
  expect((await adminsOwn.json()).userTokens.map((t: { name: string }) => t.name)).not.toContain(tokenName);
  // A plain user's token cannot act as an administrator.
  const notAdmin = await request.get("/api/user_tokens/search?login=admin", { headers: bearer(copied) });
  expect(notAdmin.status()).toBe(403);

  // The user sees it in their own My Account.
  const elsewhere = await signInElsewhere(browser, baseURL, user);
  const security = new SecurityPage(elsewhere.page);
  await security.open();
  await expect(security.row(tokenName)).toContainText("User Token");
  await expect(security.row(tokenName)).toContainText("less than a minute ago");

  // Closing the dialog drops it from the URL; the Tokens column counts the new token.
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => new URL(page.url()).searchParams.get("tokens")).toBeNull();
  await expect(users.row(user.login).getByRole("cell").nth(3)).toHaveText(/^\s*1\b/);

  // Revoke from the Tokens dialog, through the confirmation.
  await users.openTokens(user);
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke token" });
  await expect(confirm).toContainText(tokenName);
  await expect(confirm).toContainText("This action is irreversible.");
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(dialog.getByText("No tokens")).toBeVisible();
  await expect(dialog).toBeVisible();

  const refused = await request.get("/api/user_tokens/search", { headers: bearer(copied) });
  expect(refused.status()).toBe(401);
  expect(await tokenIsValid(request, copied)).toBe(false);

  await security.open();
  await expect(security.row(tokenName)).toHaveCount(0);
  await elsewhere.context.close();
});

test("the Tokens dialog of a login that does not exist does not open", async ({ page }) => {
  await logIn(page);
  await page.goto(`/admin/users?tokens=${unique("nobody")}`);
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});
