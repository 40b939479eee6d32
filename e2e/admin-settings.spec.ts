import { expect, test, type Page } from "@playwright/test";
import { basicAuth, createUserViaApi, unique, UsersPage } from "./support/admin";
import { logIn, SecurityPage } from "./support/security-page";

const LIFETIME = "Maximum allowed lifetime for token";
const INACTIVITY = "Remove tokens inactive for";

async function openSettings(page: Page): Promise<void> {
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { name: "Security", exact: true })).toBeVisible();
}

async function save(page: Page, values: { lifetime?: string; inactivity?: string }): Promise<void> {
  await openSettings(page);
  if (values.lifetime) await page.getByLabel(LIFETIME).selectOption(values.lifetime);
  if (values.inactivity) await page.getByLabel(INACTIVITY).selectOption(values.inactivity);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
}

test.describe("Administration > General Settings > Security", () => {
  // The other specs expect the defaults (no maximum lifetime, removal after 60 days of
  // inactivity): put them back whatever happens here.
  test.afterAll(async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await logIn(page);
    await save(page, { lifetime: "No expiration", inactivity: "60 days" });
    await context.close();
  });

  test("the maximum lifetime limits the Expires in choices from then on, not existing tokens", async ({
    page,
    request,
  }) => {
    const user = await createUserViaApi(request, { login: unique("set"), name: "Sven Settings" });
    const before = `before-the-limit-${Date.now()}`;

    await logIn(page);
    const security = new SecurityPage(page);
    await security.open();
    await security.generate(before, "No expiration");
    await expect(security.row(before)).toContainText("Never");

    await openSettings(page);
    await expect(page.getByText("Updating this setting does not affect existing tokens.")).toBeVisible();
    await expect(page.getByLabel(LIFETIME).locator("option")).toHaveText([
      "30 days",
      "90 days",
      "1 year",
      "No expiration",
    ]);
    await expect(page.getByLabel(LIFETIME)).toHaveValue("No expiration");
    await expect(page.getByLabel(INACTIVITY).locator("option")).toHaveText(["30 days", "60 days", "90 days", "Never"]);
    await expect(page.getByLabel(INACTIVITY)).toHaveValue("60 days");

    await save(page, { lifetime: "90 days" });
    await page.screenshot({ path: "test-results/admin-settings.png", fullPage: true });
    await page.reload();
    await expect(page.getByLabel(LIFETIME)).toHaveValue("90 days");
    await expect(page.getByLabel(INACTIVITY)).toHaveValue("60 days");

    // My Account offers only what fits under 90 days; the earlier token still never expires.
    await security.open();
    await expect(page.getByLabel("Expires in").locator("option")).toHaveText(["30 days", "90 days"]);
    await expect(security.row(before).getByRole("cell", { name: "Never", exact: true })).toHaveCount(2);

    // The server holds the line too: a choice put back into the select by hand is refused next to
    // the field, and the Web API wants a date within the limit.
    await page.getByLabel("Expires in").evaluate((select) => {
      const option = document.createElement("option");
      option.value = option.textContent = "No expiration";
      select.appendChild(option);
    });
    await security.submitGenerate(`forged-${Date.now()}`, "No expiration");
    await expect(page.getByLabel("Expires in")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#expiresIn-error")).toContainText("maximum token lifetime");
    await expect(security.revealDialog).toBeHidden();
    const viaApi = await request.post("/api/user_tokens/generate", {
      headers: basicAuth(user.login, user.password),
      form: { name: "no-expiry-via-api" },
    });
    expect(viaApi.status()).toBe(400);
    expect(await viaApi.text()).toContain("maximum token lifetime: 90 days");

    // So does the Tokens dialog of Administration > Users.
    const users = new UsersPage(page);
    await users.open(user.login);
    const dialog = await users.openTokens(user);
    await expect(dialog.getByLabel("Expires in").locator("option")).toHaveText(["30 days", "90 days"]);
    await dialog.getByRole("button", { name: "Close" }).click();

    // Back to no limit: every choice again.
    await save(page, { lifetime: "No expiration" });
    await security.open();
    await expect(page.getByLabel("Expires in").locator("option")).toHaveText([
      "30 days",
      "90 days",
      "1 year",
      "No expiration",
    ]);
  });

  test("Remove tokens inactive for is saved and shown again", async ({ page }) => {
    await logIn(page);
    await save(page, { inactivity: "90 days" });
    await page.reload();
    await expect(page.getByLabel(INACTIVITY)).toHaveValue("90 days");
    await expect(page.getByLabel(LIFETIME)).toHaveValue("No expiration");

    await save(page, { inactivity: "Never" });
    await page.reload();
    await expect(page.getByLabel(INACTIVITY)).toHaveValue("Never");

    await save(page, { inactivity: "60 days" });
    await page.reload();
    await expect(page.getByLabel(INACTIVITY)).toHaveValue("60 days");
  });
});
