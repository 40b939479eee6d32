import { expect, test, type Locator, type Page } from "@playwright/test";
import { formatDate } from "../lib/dates";
import { createUserViaApi, unique } from "./support/admin";
import { ADMIN, logIn, SecurityPage } from "./support/security-page";

/** The audit log row of `action` about the token `name`. */
function tokenRow(page: Page, action: string, name: string): Locator {
  return page
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: action, exact: true }) })
    .filter({ hasText: name });
}

test("an administrator generates and revokes a token, then finds both in the Audit log, filtered by user and by action", async ({
  page,
  request,
}) => {
  const tokenName = unique("audited");
  const someone = await createUserViaApi(request, { login: unique("audit-user"), name: "Audrey Audited" });

  await logIn(page);
  const security = new SecurityPage(page);
  await security.open();
  const value = await security.generate(tokenName, "30 days");
  await security.row(tokenName).getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke token" });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(security.row(tokenName)).toHaveCount(0);

  // Administration > Audit log, from the administration menu.
  await page.goto("/admin/users");
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("columnheader")).toHaveText([
    "Date",
    "Action",
    "By",
    "For",
    "Token",
    "Client address",
    "Details",
  ]);

  const generated = tokenRow(page, "Token generated", tokenName);
  const revoked = tokenRow(page, "Token revoked", tokenName);
  await expect(generated).toHaveCount(1);
  await expect(revoked).toHaveCount(1);
  for (const row of [generated, revoked]) {
    const cells = row.getByRole("cell");
    await expect(cells.nth(0)).toContainText(formatDate(new Date()));
    await expect(cells.nth(0)).toContainText(String(new Date().getUTCFullYear()));
    await expect(cells.nth(2)).toHaveText(ADMIN.login);
    await expect(cells.nth(3)).toHaveText(ADMIN.login);
    await expect(cells.nth(4)).toContainText("User Token");
    await expect(cells.nth(4)).toContainText(`…${value.slice(-4)}`);
    await expect(cells.nth(5)).not.toBeEmpty();
  }
  // Newest first: the revocation is above the generation.
  const rows = page.getByRole("row");
  const names = await rows.allInnerTexts();
  const revokedAt = names.findIndex((text) => text.includes("Token revoked") && text.includes(tokenName));
  const generatedAt = names.findIndex((text) => text.includes("Token generated") && text.includes(tokenName));
  expect(revokedAt).toBeGreaterThan(0);
  expect(revokedAt).toBeLessThan(generatedAt);
  // The value itself is nowhere on the page.
  expect(await page.content()).not.toContain(value);

  // Filter by user: the events by or about that login only; the filter is in the URL and survives a reload.
  await page.getByLabel("User").fill(someone.login);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]user=${someone.login}`));
  const created = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "User created", exact: true }) });
  await expect(created).toHaveCount(1);
  await expect(created.getByRole("cell").nth(3)).toHaveText(someone.login);
  await expect(created).toContainText("Role: User");
  await expect(tokenRow(page, "Token generated", tokenName)).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("User")).toHaveValue(someone.login);
  await expect(created).toHaveCount(1);
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("1-1 of 1 events");

  // Filter by action (and no user): only revocations, ours among them.
  await page.getByLabel("User").fill("");
  const action = page.getByLabel("Action");
  await expect(action.locator("option").first()).toHaveText("All actions");
  await expect(action.locator("option")).toContainText([
    "Token generated",
    "Token revoked",
    "Settings changed",
    "Failed authentication burst",
  ]);
  await action.selectOption({ label: "Token revoked" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]action=token\.revoke/);
  await expect(revoked).toHaveCount(1);
  await expect(tokenRow(page, "Token generated", tokenName)).toHaveCount(0);
  const actions = await page.locator("tbody tr td:nth-child(2)").allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(["Token revoked"]));
  await page.reload();
  await expect(page.getByLabel("Action")).toHaveValue("token.revoke");

  // Both filters at once: the admin's revocations.
  await page.getByLabel("User").fill(ADMIN.login);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(revoked).toHaveCount(1);

  await page.goto("/admin/audit");
  await page.setViewportSize({ width: 1400, height: 800 });
  await page.screenshot({ path: "docs/admin-audit.png" });
});

test("a user who is not an administrator gets 403 on the Audit log, and no link to it", async ({ page, request }) => {
  const user = await createUserViaApi(request, { login: unique("no-audit") });
  await logIn(page, user);
  const response = await page.goto("/admin/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
});
