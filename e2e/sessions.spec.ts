import { expect, test, type Page } from "@playwright/test";
import { logOutOverHttp, opensAccountPage, signInOverHttp } from "../test/session-http";
import { createUserViaApi, signInElsewhere, unique } from "./support/admin";

const sessionsSection = (page: Page) => page.getByRole("region", { name: "Sessions" });

async function expectSignedIn(page: Page): Promise<void> {
  await page.goto("/account/security");
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole("heading", { name: "Security", exact: true })).toBeVisible();
}

async function expectSentToSignIn(page: Page): Promise<void> {
  await page.goto("/account/security");
  await expect(page).toHaveURL(/\/login$/);
}

test("Log out ends the session on the server: a copy of its cookie no longer opens My Account", async ({
  browser,
  baseURL,
  request,
}) => {
  const person = await createUserViaApi(request, { login: unique("logout") });
  const first = await signInElsewhere(browser, baseURL, person);
  // A second browser holding a copy of the first one's cookies.
  const copy = await browser.newContext({ baseURL });
  await copy.addCookies(await first.context.cookies());
  const copied = await copy.newPage();
  await expectSignedIn(copied);
  await expect(sessionsSection(copied).getByText("This session")).toBeVisible();

  await first.page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Log out" }).click();
  await expect(first.page).toHaveURL(/\/login$/);
  await expectSentToSignIn(copied);
  await expectSentToSignIn(first.page);
  await Promise.all([first.context.close(), copy.close()]);
});

test("Log out other sessions ends the session of another browser; this one keeps working", async ({
  browser,
  baseURL,
  request,
}, testInfo) => {
  const person = await createUserViaApi(request, { login: unique("sessions") });
  const other = await signInElsewhere(browser, baseURL, person);
  const here = await signInElsewhere(browser, baseURL, person);

  const section = sessionsSection(here.page);
  const rows = section.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  const current = rows.filter({ hasText: "This session" });
  await expect(current).toHaveCount(1);
  await expect(current).toContainText("Chrome on Linux");
  await expect(current).toContainText("Now");
  await expect(rows.filter({ hasNotText: "This session" })).toContainText(/less than a minute ago|minute ago/);
  await section.screenshot({ path: testInfo.outputPath("sessions-section.png") });

  await section.getByRole("button", { name: "Log out other sessions" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("This session");
  await expect(section.getByRole("button", { name: "Log out other sessions" })).toBeDisabled();

  await expectSentToSignIn(other.page);
  await expectSignedIn(here.page);
  await expect(sessionsSection(here.page).locator("tbody tr")).toHaveCount(1);
  await Promise.all([other.context.close(), here.context.close()]);
});

test("over plain HTTP, as a second server would see it: the session cookie works until Log out ends it", async ({
  baseURL,
  request,
}) => {
  const origin = baseURL ?? "";
  const person = await createUserViaApi(request, { login: unique("http") });
  const cookie = await signInOverHttp(origin, person.login, person.password);
  expect(await opensAccountPage(origin, cookie)).toBe(true);
  await logOutOverHttp(origin, cookie);
  expect(await opensAccountPage(origin, cookie)).toBe(false);
});
