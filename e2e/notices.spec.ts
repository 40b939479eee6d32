import { expect, test, type Page } from "@playwright/test";
import { createUserViaApi, generateTokenViaApi, tokenIsValid, unique } from "./support/admin";
import { logIn } from "./support/security-page";

const notices = (page: Page) => page.getByRole("region", { name: "Notices" });

/** YYYY-MM-DD, `days` from today (UTC): the API's expirationDate. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("a token reported as leaked shows its notice in My Account until it is dismissed", async ({ page, request }) => {
  const user = await createUserViaApi(request, { login: unique("leaky") });
  const token = await generateTokenViaApi(request, user, "pushed-to-github");

  const report = await request.post("/api/credentials/revoke", {
    data: { credentials: [token, "not-a-token"] },
  });
  expect(report.status()).toBe(202);
  expect(await report.json()).toEqual({ received: 2 });
  expect(await tokenIsValid(request, token)).toBe(false);

  await logIn(page, user);
  await page.goto("/account/security");
  const region = notices(page);
  const item = region
    .getByRole("listitem")
    .filter({ hasText: "pushed-to-github was revoked because it was reported as leaked" });
  await expect(item).toBeVisible();
  await expect(page.getByRole("link", { name: /My account\s*1 notice/ })).toBeVisible();
  await page.screenshot({ path: "test-results/notices-leak.png", fullPage: true });

  await item.getByRole("button", { name: "Dismiss" }).click();
  await expect(region).toBeHidden();
  await expect(page.getByRole("link", { name: "My account", exact: true })).toBeVisible();
  await page.reload();
  await expect(notices(page)).toBeHidden();
});

test("a token expiring in 3 days gets its notice and an Expires soon badge from the sweeper", async ({
  page,
  request,
}) => {
  const user = await createUserViaApi(request, { login: unique("expiring") });
  // Set up through the API: a token whose expiry is 3 days away, and one far off.
  await generateTokenViaApi(request, user, "nightly-deploy", { expirationDate: inDays(3) });
  await generateTokenViaApi(request, user, "long-lived", { expirationDate: inDays(200) });

  await logIn(page, user);
  const item = notices(page).getByRole("listitem").filter({ hasText: "nightly-deploy expires in 3 days" });
  // The in-server sweeper runs every 2 s in these specs (e2e/serve.sh).
  await expect(async () => {
    await page.goto("/account/security");
    await expect(item).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  const row = (name: string) => page.getByRole("row").filter({ hasText: name });
  await expect(row("nightly-deploy").getByText("Expires soon", { exact: true })).toBeVisible();
  await expect(row("long-lived").getByText("Expires soon", { exact: true })).toHaveCount(0);
  await expect(notices(page).getByRole("listitem")).toHaveCount(1);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: "docs/notices.png", fullPage: true });

  // Dismissed, the 7-day notice stays away (it would come back at the 1-day threshold); the badge
  // follows the live notice.
  await item.getByRole("button", { name: "Dismiss" }).click();
  await expect(notices(page)).toBeHidden();
  await expect(row("nightly-deploy").getByText("Expires soon", { exact: true })).toHaveCount(0);
});
