import { expect, test } from "@playwright/test";
import { ADMIN, logIn } from "./support/security-page";

test("signed-out visitors are sent to the login page", async ({ page }) => {
  await page.goto("/account/security");
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("a wrong password is refused; the right one signs in; Log out signs out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Login").fill(ADMIN.login);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText("Incorrect login or password.")).toBeVisible();

  await logIn(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "My account" })).toHaveAttribute("href", "/account/security");
  await expect(nav.getByRole("link", { name: "Administration" })).toHaveAttribute("href", "/admin/users");
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveAttribute("href", "/settings/tokens");
  await page.goto("/");
  await expect(page).toHaveURL(/\/account\/security$/);

  // The session cookie never authenticates the Web API.
  const viaCookie = await page.request.get("/api/user_tokens/search");
  expect(viaCookie.status()).toBe(401);

  await nav.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/account/security");
  await expect(page).toHaveURL(/\/login$/);
});

test("after 10 failed attempts the login form says to wait", async ({ page }) => {
  await page.goto("/login");
  // A login of its own, so the limit does not lock out the other specs' administrator.
  await page.getByLabel("Login").fill("locked-out");
  await page.getByLabel("Password").fill("wrong-password");
  const submit = page.getByRole("button", { name: "Log in" });
  for (let attempt = 1; attempt <= 10; attempt++) {
    await submit.click();
    await expect(page.getByText("Incorrect login or password.")).toBeVisible();
    await expect(submit).toBeEnabled();
  }
  await submit.click();
  await expect(page.getByText(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./)).toBeVisible();
});
