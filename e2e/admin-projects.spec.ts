import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  createProjectViaApi,
  createUserViaApi,
  setScanViaApi,
  signInElsewhere,
  submitAnalysis,
  tokenIsValid,
  unique,
} from "./support/admin";
import { logIn, SecurityPage } from "./support/security-page";

async function openProjects(page: Page): Promise<void> {
  await page.goto("/admin/projects");
  await expect(page.getByRole("heading", { name: "Projects", exact: true, level: 1 })).toBeVisible();
}

function projectRow(page: Page, key: string): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("button", { name: `Delete ${key}`, exact: true }) });
}

async function openPermissions(page: Page, key: string, name: string): Promise<Locator> {
  await page.getByRole("button", { name: `Permissions of ${key}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Execute Analysis on ${name}`, exact: true });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe("Administration > Projects", () => {
  test("a project grant lets a user hold a Project Analysis Token; removal and deletion stop it", async ({
    page,
    browser,
    baseURL,
    request,
  }) => {
    const user = await createUserViaApi(request, { login: unique("prj"), name: "Priya Projects" });
    const key = unique("app");
    const name = `App ${key}`;
    const otherKey = unique("other");
    await createProjectViaApi(request, otherKey, `Other ${otherKey}`);

    // Create the project in the form.
    await logIn(page);
    await openProjects(page);
    const create = page.getByRole("region", { name: "Create a project" });
    await create.getByLabel("Key").fill(key);
    await create.getByLabel("Name").fill(name);
    await create.getByRole("button", { name: "Create" }).click();
    const row = projectRow(page, key);
    await expect(row).toContainText(name);
    await expect(row).toContainText("Administrators only");
    await expect(create.getByLabel("Key")).toHaveValue("");

    // The same key again is refused next to Key.
    await create.getByLabel("Key").fill(key);
    await create.getByLabel("Name").fill("Duplicate");
    await create.getByRole("button", { name: "Create" }).click();
    await expect(create.getByLabel("Key")).toHaveAttribute("aria-invalid", "true");
    await expect(create.locator("#key-error")).not.toBeEmpty();
    await expect(row).toHaveCount(1);

    // Before any grant, the user has only User Token.
    const elsewhere = await signInElsewhere(browser, baseURL, user);
    const security = new SecurityPage(elsewhere.page);
    const type = elsewhere.page.getByLabel("Type");
    await security.open();
    await expect(type.locator("option")).toHaveText(["User Token"]);

    // An unknown login is refused next to Login; then the real one is granted.
    const permissions = await openPermissions(page, key, name);
    await expect(permissions.getByText("Nobody yet")).toBeVisible();
    const login = permissions.getByLabel("Login");
    await login.fill(unique("nobody"));
    await permissions.getByRole("button", { name: "Grant" }).click();
    await expect(login).toHaveAttribute("aria-invalid", "true");
    await expect(permissions.locator("#project-grant-login-error")).toContainText("not found");
    await login.fill(user.login);
    await permissions.getByRole("button", { name: "Grant" }).click();
    const remove = permissions.getByRole("button", { name: `Remove Execute Analysis of ${user.login} on ${key}` });
    await expect(remove).toBeVisible();
    await expect(permissions.getByRole("listitem")).toContainText([`Priya Projects ${user.login}`]);
    await expect(login).toHaveAttribute("aria-invalid", "false");
    await page.screenshot({ path: "test-results/admin-project-permissions.png" });
    await permissions.getByRole("button", { name: "Close" }).click();
    await expect(row).toContainText(user.login);

    // The user may now hold a Project Analysis Token for it, but not a global one.
    await security.open();
    await expect(type.locator("option")).toHaveText(["User Token", "Project Analysis Token"]);
    await expect(elsewhere.page.getByLabel("Project")).toHaveCount(0);
    await type.selectOption("Project Analysis Token");
    const projectSelect = elsewhere.page.getByLabel("Project");
    await expect(projectSelect.locator("option")).toHaveText([name]);
    await projectSelect.selectOption({ label: name });
    const tokenName = `scan-${key}`;
    const token = await security.generate(tokenName, "30 days");
    expect(token).toMatch(/^tsp_/);
    await expect(security.row(tokenName)).toContainText("Project Analysis Token");
    await expect(security.row(tokenName)).toContainText(name);

    // It submits analyses of its project, and of no other.
    expect(await submitAnalysis(request, token, key)).toBe(200);
    expect(await submitAnalysis(request, token, otherKey)).toBe(403);

    // Removing the grant takes effect on the next request.
    await openPermissions(page, key, name);
    await remove.click();
    await expect(permissions.getByText("Nobody yet")).toBeVisible();
    expect(await submitAnalysis(request, token, key)).toBe(403);
    await permissions.getByRole("button", { name: "Close" }).click();
    await expect(row).toContainText("Administrators only");
    await security.open();
    await expect(type.locator("option")).toHaveText(["User Token"]);

    // Granted again, it works again; then deleting the project deletes its tokens.
    await setScanViaApi(request, user.login, true, key);
    expect(await submitAnalysis(request, token, key)).toBe(200);
    expect(await tokenIsValid(request, token)).toBe(true);

    await page.reload();
    await row.getByRole("button", { name: `Delete ${key}` }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete project" });
    await expect(confirm).toContainText(`${name} (${key})`);
    await expect(confirm).toContainText("This action is irreversible.");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);

    expect(await tokenIsValid(request, token)).toBe(false);
    expect(await submitAnalysis(request, token, key)).toBe(401);
    await security.open();
    await expect(security.row(tokenName)).toHaveCount(0);
    await expect(type.locator("option")).toHaveText(["User Token"]);
    await elsewhere.context.close();
  });

  test("Global Execute Analysis lets a user hold a Global Analysis Token for every project", async ({
    page,
    browser,
    baseURL,
    request,
  }) => {
    const user = await createUserViaApi(request, { login: unique("glb"), name: "Gloria Global" });
    const key = unique("glb-app");
    await createProjectViaApi(request, key, `Global ${key}`);

    await logIn(page);
    await openProjects(page);
    const global = page.getByRole("region", { name: "Global Execute Analysis" });
    const login = global.getByLabel("Login");
    await login.fill(unique("nobody"));
    await global.getByRole("button", { name: "Grant" }).click();
    await expect(login).toHaveAttribute("aria-invalid", "true");
    await expect(global.locator("#global-grant-login-error")).toContainText("not found");

    await login.fill(user.login);
    await global.getByRole("button", { name: "Grant" }).click();
    const remove = global.getByRole("button", { name: `Remove Execute Analysis of ${user.login} on all projects` });
    await expect(remove).toBeVisible();
    await expect(global).toContainText("Gloria Global");
    await page.screenshot({ path: "test-results/admin-projects.png", fullPage: true });

    const elsewhere = await signInElsewhere(browser, baseURL, user);
    const security = new SecurityPage(elsewhere.page);
    await security.open();
    const type = elsewhere.page.getByLabel("Type");
    await expect(type.locator("option")).toContainText([
      "User Token",
      "Global Analysis Token",
      "Project Analysis Token",
    ]);
    await type.selectOption("Global Analysis Token");
    await expect(elsewhere.page.getByLabel("Project")).toHaveCount(0);
    const tokenName = `global-${key}`;
    const token = await security.generate(tokenName, "30 days");
    expect(token).toMatch(/^tsg_/);
    await expect(security.row(tokenName)).toContainText("Global Analysis Token");
    expect(await submitAnalysis(request, token, key)).toBe(200);

    await remove.click();
    await expect(remove).toBeHidden();
    expect(await submitAnalysis(request, token, key)).toBe(403);
    await security.open();
    await expect(type.locator("option")).toHaveText(["User Token"]);
    await elsewhere.context.close();
  });
});
