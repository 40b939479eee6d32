import { expect, test } from "@playwright/test";
import { formatDate } from "../lib/dates";
import {
  createProjectViaApi,
  createUserViaApi,
  signInElsewhere,
  submitAnalysis,
  tokenIsValid,
  unique,
} from "./support/admin";
import { createOrganizationToken as createToken } from "./support/organization-tokens";
import { logIn } from "./support/security-page";

test.describe("Settings > Tokens", () => {
  test("an admin creates a scoped organization token, CI uses it, and the admin deletes it", async ({
    page,
    request,
  }) => {
    const inScope = unique("org-in");
    const outOfScope = unique("org-out");
    await createProjectViaApi(request, inScope, `In scope ${inScope}`);
    await createProjectViaApi(request, outOfScope, `Out of scope ${outOfScope}`);
    const name = unique("ci-token");

    await logIn(page);
    await page.getByRole("navigation").getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings\/tokens$/);
    await expect(page.getByRole("heading", { name: "Tokens", exact: true })).toBeVisible();

    // The dialog's fields and choices, whose words are a contract.
    await page.getByRole("button", { name: "Create token" }).click();
    const form = page.getByRole("dialog", { name: "Create token" });
    await expect(form.getByLabel("Token type").locator("option")).toHaveText(["Production", "Development"]);
    await expect(form.getByLabel("Expiry").locator("option")).toHaveText(["Never", "After one year"]);
    await expect(form.getByRole("radio", { name: "All projects" })).toBeChecked();
    // Errors show next to the field and create nothing.
    await form.getByRole("radio", { name: "Chosen projects" }).check();
    await form.getByRole("button", { name: "Create token" }).click();
    await expect(form.getByText("Name is required.")).toBeVisible();
    await expect(form.getByText("Choose at least one project.")).toBeVisible();
    await form.getByRole("button", { name: "Cancel" }).click();

    const value = await createToken(page, {
      name,
      type: "Development",
      expiry: "After one year",
      projects: [`In scope ${inScope} (${inScope})`],
    });

    const row = page.getByRole("row").filter({ has: page.getByText(name, { exact: true }) });
    await expect(page.getByRole("columnheader")).toHaveText([
      "Name",
      "Type",
      "Expiry",
      "Created by",
      "Creation date",
      "Last use",
      "Actions",
    ]);
    await expect(row.getByRole("cell")).toHaveText([
      `${name}In scope ${inScope}`,
      "Development",
      /^36[56] days$/,
      "admin",
      formatDate(new Date()),
      "Never",
      "⋯",
    ]);

    // Its scope is enforced, and it can do nothing but analyses.
    expect(await submitAnalysis(request, value, inScope)).toBe(200);
    expect(await submitAnalysis(request, value, outOfScope)).toBe(403);
    const search = await request.get("/api/user_tokens/search", { headers: { Authorization: `Bearer ${value}` } });
    expect(search.status()).toBe(403);

    // Delete through the row menu and the confirmation.
    await row.getByRole("button", { name: `Actions for ${name}` }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete token" });
    await expect(confirm).toContainText(name);
    await expect(confirm).toContainText("This action is irreversible.");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);
    expect(await tokenIsValid(request, value)).toBe(false);
    expect(await submitAnalysis(request, value, inScope)).toBe(401);
  });

  test("a token for all projects says Never and Production; the row menu closes with Escape", async ({
    page,
    request,
  }) => {
    const project = unique("org-all");
    await createProjectViaApi(request, project, `All ${project}`);
    const name = unique("all-projects");
    await logIn(page);
    await page.goto("/settings/tokens");
    const value = await createToken(page, { name });
    const row = page.getByRole("row").filter({ has: page.getByText(name, { exact: true }) });
    await expect(row).toContainText("All projects");
    await expect(row.getByRole("cell").nth(1)).toHaveText("Production");
    await expect(row.getByRole("cell").nth(2)).toHaveText("Never");
    expect(await submitAnalysis(request, value, project)).toBe(200);

    const menuButton = row.getByRole("button", { name: `Actions for ${name}` });
    await menuButton.click();
    await expect(page.getByRole("menu")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toHaveCount(0);
    await expect(menuButton).toBeFocused();
  });

  test("a user who is not an administrator gets a 403 page", async ({ browser, baseURL, request }) => {
    const user = await createUserViaApi(request, { login: unique("not-admin") });
    const elsewhere = await signInElsewhere(browser, baseURL, user);
    const response = await elsewhere.page.goto("/settings/tokens");
    expect(response?.status()).toBe(403);
    await expect(elsewhere.page.getByRole("button", { name: "Create token" })).toHaveCount(0);
    await elsewhere.context.close();
  });
});

test("Settings > Tokens, as the README shows it", async ({ page, request }) => {
  const project = unique("billing");
  await createProjectViaApi(request, project, "Billing service");
  await page.setViewportSize({ width: 1280, height: 720 });
  await logIn(page);
  await page.goto("/settings/tokens");
  await createToken(page, { name: unique("production-ci") });
  await createToken(page, {
    name: unique("nightly-dev"),
    type: "Development",
    expiry: "After one year",
    projects: [`Billing service (${project})`],
  });
  await page.screenshot({ path: "docs/settings-tokens.png", fullPage: true });
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByRole("radio", { name: "Chosen projects" }).check();
  await page.screenshot({ path: "test-results/settings-tokens-create.png" });
});
