import { expect, test } from "@playwright/test";
import { formatDate } from "../lib/dates";
import {
  createUserViaApi,
  generateTokenViaApi,
  submitAnalysis,
  createProjectViaApi,
  tokenIsValid,
  unique,
  UsersPage,
} from "./support/admin";
import { createOrganizationToken } from "./support/organization-tokens";
import { confirmRotation, OVERLAP_CHOICES, rotateDialog } from "./support/rotation";
import { logIn, SecurityPage } from "./support/security-page";

// The server sees the browser and this test's requests come from the loopback address.
const LOOPBACK = /127\.0\.0\.1|::1/;

test("rotate a token from My Account with a 1-hour overlap: both work, the old one is listed as Rotated", async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const name = unique("deploy");
  await logIn(page);
  const security = new SecurityPage(page);
  await security.open();
  const old = await security.generate(name, "90 days");
  expect(await tokenIsValid(request, old)).toBe(true);

  // The last use, with the address it came from beneath its time.
  await page.reload();
  const rows = security.row(name);
  await expect(rows).toHaveCount(1);
  await expect(rows.getByRole("cell").nth(3)).toHaveText(LOOPBACK);
  await expect(rows.getByRole("cell").nth(3)).not.toContainText("::ffff:");
  await expect(rows.getByRole("cell").nth(3)).toContainText("less than a minute ago");

  await rows.getByRole("button", { name: "Rotate" }).click();
  const dialog = rotateDialog(page);
  await expect(dialog).toContainText(name);
  const overlap = dialog.getByLabel("Keep the old token working for");
  await expect(overlap.locator("option")).toHaveText(OVERLAP_CHOICES);
  await expect(overlap.locator("option:checked")).toHaveText("1 day");
  await overlap.selectOption({ label: "1 hour" });
  await page.screenshot({ path: "docs/rotate-token-dialog.png" });

  // Cancel changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(rows).toHaveCount(1);

  await rows.getByRole("button", { name: "Rotate" }).click();
  const before = Date.now();
  const successor = await confirmRotation(page, "1 hour", name);
  expect(successor).not.toBe(old);

  // During the overlap both tokens authenticate.
  expect(await tokenIsValid(request, old)).toBe(true);
  expect(await tokenIsValid(request, successor)).toBe(true);

  // The successor holds the name; the old token is listed as Rotated with the time it stops, and
  // offers Revoke but no second Rotate.
  await expect(rows).toHaveCount(2);
  const rotated = rows.filter({ hasText: "Rotated" });
  const live = rows.filter({ hasNotText: "Rotated" });
  await expect(rotated).toHaveCount(1);
  await expect(rotated).toContainText(String(new Date(before + 3_600_000).getUTCFullYear()));
  await expect(rotated).toContainText("UTC");
  await expect(rotated.getByRole("button", { name: "Rotate" })).toHaveCount(0);
  await expect(rotated.getByRole("button", { name: "Revoke" })).toBeVisible();
  await expect(live.getByRole("button", { name: "Rotate" })).toBeVisible();
  await expect(live).toContainText(formatDate(new Date()));
  await page.screenshot({ path: "docs/token-rotation.png", fullPage: true });

  // Revoking the old token ends its overlap at once; the successor keeps working.
  await rotated.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke token" });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(rows).toHaveCount(1);
  expect(await tokenIsValid(request, old)).toBe(false);
  expect(await tokenIsValid(request, successor)).toBe(true);
});

test("rotate an organization token from its row menu in Settings > Tokens", async ({ page, request }) => {
  const project = unique("rot-org");
  await createProjectViaApi(request, project, `Rotating ${project}`);
  const name = unique("org-ci");
  await logIn(page);
  await page.goto("/settings/tokens");
  const old = await createOrganizationToken(page, { name });
  expect(await submitAnalysis(request, old, project)).toBe(200);

  await page.reload();
  const rows = page.getByRole("row").filter({ has: page.getByText(name, { exact: true }) });
  // `Last use` (the sixth column) shows the analysis just submitted, and where it came from.
  await expect(rows.getByRole("cell").nth(5)).toHaveText(LOOPBACK);

  await rows.getByRole("button", { name: `Actions for ${name}` }).click();
  await expect(page.getByRole("menuitem")).toHaveText(["Rotate", "Delete"]);
  await page.getByRole("menuitem", { name: "Rotate" }).click();
  await expect(rotateDialog(page)).toContainText(name);
  const successor = await confirmRotation(page, "1 day", name);
  expect(successor).toMatch(/^tso_[0-9A-Za-z]{38}$/);

  expect(await submitAnalysis(request, successor, project)).toBe(200);
  expect(await submitAnalysis(request, old, project)).toBe(200);
  await expect(rows).toHaveCount(2);
  const rotated = rows.filter({ hasText: "Rotated" });
  await expect(rotated.getByRole("cell").nth(2)).toContainText(/^Rotated.*\d{4}.*UTC$/);
  // A rotated token's menu offers only Delete.
  await rotated.getByRole("button", { name: `Actions for ${name}` }).click();
  await expect(page.getByRole("menuitem")).toHaveText(["Delete"]);
  await page.keyboard.press("Escape");
  await page.screenshot({ path: "test-results/settings-tokens-rotated.png", fullPage: true });
});

test("an administrator rotates a user's token in the Tokens dialog with no overlap", async ({ page, request }) => {
  const user = await createUserViaApi(request, { login: unique("rot"), name: "Rita Rotation" });
  const name = unique("laptop");
  const old = await generateTokenViaApi(request, user, name);
  await logIn(page);
  const users = new UsersPage(page);
  await users.open(user.login);
  const dialog = await users.openTokens(user);
  const row = dialog.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
  await row.getByRole("button", { name: "Rotate" }).click();
  await expect(rotateDialog(page)).toContainText(name);
  const successor = await confirmRotation(page, "No overlap", name);

  // The Tokens dialog stays open; with no overlap the old token is gone from the list and fails at once.
  await expect(dialog).toBeVisible();
  await expect(row).toHaveCount(1);
  await expect(row).not.toContainText("Rotated");
  expect(await tokenIsValid(request, old)).toBe(false);
  expect(await tokenIsValid(request, successor)).toBe(true);
  const search = await request.get("/api/user_tokens/search", { headers: { Authorization: `Bearer ${successor}` } });
  expect(((await search.json()) as { login: string }).login).toBe(user.login);
});
