import { expect, test } from "@playwright/test";
import {
  ADMIN_AUTH,
  basicAuth,
  bearer,
  createUserViaApi,
  ensureUserViaApi,
  generateTokenViaApi,
  signInElsewhere,
  tokenIsValid,
  unique,
  UsersPage,
} from "./support/admin";
import { ADMIN, logIn } from "./support/security-page";

const ADMIN_PAGES = ["/admin/users", "/admin/projects", "/admin/settings", "/admin/agent-apps"];

test.describe("Administration > Users", () => {
  // First in this file, so that page 1 (sorted by login) holds these people and not the dozens of
  // users the other tests make.
  test("the users page, as the README shows it", async ({ page, request }) => {
    const people = [
      { login: "alice.martin", name: "Alice Martin", email: "alice.martin@example.com" },
      { login: "bob.chen", name: "Bob Chen", email: "bob.chen@example.com" },
      { login: "carla.diaz", name: "Carla Diaz", email: "carla@diaz.example.org" },
      { login: "dmitri.volkov", name: "Dmitri Volkov", email: "" },
    ].map((p) => ({ ...p, password: `pw-${p.login}-secret` }));
    for (const person of people) await ensureUserViaApi(request, person);
    // A few tokens and a recent connection, so the columns are not all zeros and "Never".
    const existing = await request.get("/api/user_tokens/search?login=alice.martin", { headers: ADMIN_AUTH });
    expect(existing.status()).toBe(200);
    if ((await existing.json()).userTokens.length === 0) {
      await generateTokenViaApi(request, people[0]!, "ci-pipeline");
      await generateTokenViaApi(request, people[0]!, "laptop");
      await generateTokenViaApi(request, people[2]!, "release-bot");
    }

    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page);
    const users = new UsersPage(page);
    await users.open();
    await expect(users.row("alice.martin")).toContainText("alice.martin@example.com");
    await page.screenshot({ path: "docs/admin-users.png" });
  });

  test("create a user in the dialog, with a field error first, then find them by login and email", async ({
    page,
    browser,
    baseURL,
    request,
  }) => {
    const login = unique("usr");
    const name = `Ulla ${login}`;
    const domain = `${unique("corp")}.example`;
    const email = `ulla.lindqvist@${domain}`;
    const other = await createUserViaApi(request, { login: unique("usr-other"), email: `oscar@${domain}` });

    await logIn(page);
    const users = new UsersPage(page);
    await users.open();
    await page.getByRole("button", { name: "Create User" }).click();
    const dialog = page.getByRole("dialog", { name: "Create User" });
    await expect(dialog).toBeVisible();
    const role = dialog.getByLabel("Role");
    await expect(role).toHaveValue("user");
    await expect(role.locator("option")).toHaveText(["User", "Admin"]);
    await expect(role.locator("option:checked")).toHaveText("User");

    await dialog.getByLabel("Login").fill(login);
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Email").fill(email);
    const password = dialog.getByLabel("Password");
    await password.fill("short");
    await dialog.getByRole("button", { name: "Create" }).click();

    // Refused next to the field; nothing else is marked, the dialog stays open with the values.
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.locator("#password-error")).toContainText("at least 8 characters");
    await expect(password).toHaveAttribute("aria-describedby", "password-error");
    await expect(dialog.getByLabel("Login")).toHaveAttribute("aria-invalid", "false");
    await expect(dialog.getByLabel("Login")).toHaveValue(login);

    await password.fill("a-long-enough-password");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();

    // By login: only them.
    await users.search(login);
    const row = users.row(login);
    await expect(row).toBeVisible();
    await expect(row).toContainText(name);
    await expect(row).toContainText(email);
    await expect(row.getByRole("cell", { name: "User", exact: true })).toBeVisible();
    await expect(row.getByRole("cell", { name: "Never", exact: true })).toBeVisible();
    await expect(users.bodyRows).toHaveCount(1);
    await expect(users.row(other.login)).toHaveCount(0);
    await expect(users.pagination).toContainText("1-1 of 1 users");
    await expect(users.searchBox).toHaveValue(login);

    // By a piece of the email address.
    await users.search(`qvist@${domain.replace(".example", "")}`);
    await expect(row).toBeVisible();
    await expect(users.bodyRows).toHaveCount(1);
    await users.search(`oscar@${domain}`);
    await expect(users.row(other.login)).toBeVisible();
    await expect(row).toHaveCount(0);
    await expect(users.bodyRows).toHaveCount(1);
    await users.search(domain);
    await expect(users.bodyRows).toHaveCount(2);
    await expect(users.pagination).toContainText("1-2 of 2 users");

    // Nothing matches.
    await users.search(`${login}-nobody`);
    await expect(page.getByText("No users found")).toBeVisible();
    await expect(users.pagination).toContainText("0-0 of 0 users");

    // The user the dialog made can sign in with that password.
    const elsewhere = await signInElsewhere(browser, baseURL, { login, password: "a-long-enough-password" });
    await elsewhere.context.close();
  });

  test("pages of 25 with Previous and Next, keeping the search", async ({ page, request }) => {
    // 26 new passwords are hashed one at a time behind the password gate: slow on a busy 2-core machine.
    test.slow();
    const prefix = unique("pg");
    const logins = Array.from({ length: 26 }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`);
    await Promise.all(logins.map((login) => createUserViaApi(request, { login })));

    await logIn(page);
    const users = new UsersPage(page);
    await users.open();
    await users.search(prefix);
    await expect(users.pagination).toContainText("1-25 of 26 users");
    await expect(users.bodyRows).toHaveCount(25);
    await expect(users.row(logins[0]!)).toBeVisible();
    await expect(users.row(logins[24]!)).toBeVisible();
    await expect(users.row(logins[25]!)).toHaveCount(0);
    await expect(users.pagination.getByRole("link", { name: "Previous" })).toHaveCount(0);

    await users.pagination.getByRole("link", { name: "Next" }).click();
    await expect(users.pagination).toContainText("26-26 of 26 users");
    expect(new URL(page.url()).searchParams.get("q")).toBe(prefix);
    expect(new URL(page.url()).searchParams.get("p")).toBe("2");
    await expect(users.bodyRows).toHaveCount(1);
    await expect(users.row(logins[25]!)).toBeVisible();
    await expect(users.pagination.getByRole("link", { name: "Next" })).toHaveCount(0);
    await expect(users.searchBox).toHaveValue(prefix);

    await users.pagination.getByRole("link", { name: "Previous" }).click();
    await expect(users.pagination).toContainText("1-25 of 26 users");
    await expect(users.bodyRows).toHaveCount(25);
    expect(new URL(page.url()).searchParams.get("p")).toBeNull();
  });

  test("a plain user sees no Administration link and gets a 403 page on every administration page", async ({
    browser,
    baseURL,
    request,
  }) => {
    const user = await createUserViaApi(request, { login: unique("usr-plain") });
    const { context, page } = await signInElsewhere(browser, baseURL, user);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "My account" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Administration" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);

    for (const path of [...ADMIN_PAGES, "/admin/users?tokens=admin", "/admin/users?q=admin"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "Insufficient privileges" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Create User" })).toHaveCount(0);
      await expect(page.getByRole("navigation", { name: "Administration" })).toHaveCount(0);
      await expect(page.getByRole("table")).toHaveCount(0);
      await expect(page.getByRole("dialog")).toHaveCount(0);
    }
    await page.screenshot({ path: "test-results/admin-forbidden.png" });

    // Nor does the Web API let them create users.
    const refused = await request.post("/api/users/create", {
      headers: basicAuth(user.login, user.password),
      form: { login: unique("usr-sneaky"), name: "Sneaky", password: "sneaky-password" },
    });
    expect(refused.status()).toBe(403);
    await context.close();
  });

  test("delete a user through the confirmation: their tokens stop working and they cannot sign in", async ({
    page,
    browser,
    baseURL,
    request,
  }) => {
    const user = await createUserViaApi(request, { login: unique("usr-gone"), name: "Gordon Gone" });
    const token = await generateTokenViaApi(request, user, "doomed-token");
    expect(await tokenIsValid(request, token)).toBe(true);

    await logIn(page);
    const users = new UsersPage(page);
    await users.open(user.login);
    const row = users.row(user.login);
    await expect(row.getByRole("cell").nth(3)).toHaveText(/^\s*1\b/);
    await row.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete user" });
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText(`Gordon Gone (${user.login})`);
    await expect(confirm).toContainText("Their tokens are deleted too");
    await expect(confirm).toContainText("This action is irreversible.");

    // Cancel first: nothing happens.
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toBeVisible();
    expect(await tokenIsValid(request, token)).toBe(true);

    await row.getByRole("button", { name: "Delete" }).click();
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);
    await expect(page.getByText("No users found")).toBeVisible();

    expect(await tokenIsValid(request, token)).toBe(false);
    const withToken = await request.get("/api/user_tokens/search", { headers: bearer(token) });
    expect(withToken.status()).toBe(401);
    const withPassword = await request.get("/api/user_tokens/search", {
      headers: basicAuth(user.login, user.password),
    });
    expect(withPassword.status()).toBe(401);
    const gone = await request.get(`/api/user_tokens/search?login=${user.login}`, { headers: ADMIN_AUTH });
    expect(gone.status()).toBe(404);

    const context = await browser.newContext({ baseURL });
    const login = await context.newPage();
    await login.goto("/login");
    await login.getByLabel("Login").fill(user.login);
    await login.getByLabel("Password").fill(user.password);
    await login.getByRole("button", { name: "Log in" }).click();
    await expect(login.getByText("Incorrect login or password.")).toBeVisible();
    await expect(login).toHaveURL(/\/login/);
    await context.close();
  });

  test("an administrator cannot delete their own account", async ({ page }) => {
    await logIn(page);
    const users = new UsersPage(page);
    await users.open(ADMIN.login);
    const own = users.row(ADMIN.login);
    await expect(own).toContainText("Administrator");
    await expect(own.getByRole("button", { name: "Delete" })).toBeDisabled();
    // The admin has just signed in: a recent connection.
    await expect(own).toContainText("less than a minute ago");
  });

  test("the Global Execute Analysis switch of a user row grants and removes the permission", async ({ page }) => {
    const user = await createUserViaApi(page.request, { login: unique("sw"), name: "Sam Switch" });
    await logIn(page);
    const users = new UsersPage(page);
    await users.open(user.login);
    const toggle = users.row(user.login).getByRole("switch", { name: `Global Execute Analysis for ${user.login}` });
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await expect(toggle).toBeEnabled();

    await page.goto("/admin/projects");
    const global = page.getByRole("region", { name: "Global Execute Analysis" });
    await expect(global).toContainText("Sam Switch");

    await users.open(user.login);
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await expect(toggle).toBeEnabled();
    await page.goto("/admin/projects");
    await expect(global).not.toContainText("Sam Switch");

    // Administrators have every permission: their switch is on and cannot be changed.
    await users.open(ADMIN.login);
    const adminToggle = users
      .row(ADMIN.login)
      .getByRole("switch", { name: `Global Execute Analysis for ${ADMIN.login}` });
    await expect(adminToggle).toHaveAttribute("aria-checked", "true");
    await expect(adminToggle).toBeDisabled();
  });

  test("signed-out visitors are sent to the login page", async ({ page, request }) => {
    for (const path of ADMIN_PAGES) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
    }
    const response = await request.get("/admin/users", { maxRedirects: 0 });
    expect([302, 303, 307, 308]).toContain(response.status());
    expect(response.headers()["location"]).toMatch(/\/login$/);
  });
});
