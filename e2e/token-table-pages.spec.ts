import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { startSeededServer, type SeededServer } from "./support/seeded-server";
import { logIn } from "./support/security-page";

// Users with 120 tokens each and 120 organization tokens, seeded in the database of a server of
// their own (see support/seed-token-pages.ts): names ci-001 to ci-120, ci-120 newest.
const ADMIN = { login: "admin", password: "pages-admin-password" };
const PASSWORD = "pages-user-password";
const OWN = { login: "paged-own", password: PASSWORD };
const VIEWED = { login: "paged-viewed", name: "Paged paged-viewed" };

let server: SeededServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startSeededServer("token-pages", "e2e/support/seed-token-pages.ts", [
    ADMIN.password,
    PASSWORD,
    OWN.login,
    VIEWED.login,
  ]);
});

test.afterAll(async () => {
  await server?.stop();
});

async function signedIn(browser: Browser, who: { login: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.origin });
  const page = await context.newPage();
  await logIn(page, who);
  return page;
}

const names = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => `ci-${String(from - i).padStart(3, "0")}`);

/** The table's name cells, top to bottom. */
const nameCells = (scope: Locator) => scope.locator("tbody tr td:first-child");

const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

/** Goes forward one page with the control's Next link and waits for the URL to say so. */
async function next(page: Page, nav: Locator, pageParam: string, expected: number) {
  await nav.getByRole("link", { name: "Next" }).click();
  await expect.poll(() => param(page, pageParam)).toBe(String(expected));
}

/** Revokes a token from its row's `Revoke` button and the confirmation, and waits for it to close. */
async function revoke(page: Page, table: Locator, name: string) {
  await table.getByRole("row").filter({ hasText: name }).getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke token" });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
}

test("My Account: 120 tokens in pages of 50, search finds one on page 3, revoking keeps page 3", async ({
  browser,
}) => {
  const page = await signedIn(browser, OWN);
  await page.setViewportSize({ width: 1280, height: 900 });
  const personal = page.getByRole("region", { name: "Personal Tokens" });
  const nav = personal.getByRole("navigation", { name: "Pagination" });

  await expect(nav).toContainText("1-50 of 120 tokens");
  await expect(nameCells(personal)).toHaveText(names(120, 71));
  await expect(nav.getByRole("link", { name: "Previous" })).toHaveCount(0);
  await next(page, nav, "p", 2);
  await expect(nav).toContainText("51-100 of 120 tokens");
  await expect(nameCells(personal)).toHaveText(names(70, 21));
  await next(page, nav, "p", 3);
  await expect(nav).toContainText("101-120 of 120 tokens");
  await expect(nameCells(personal)).toHaveText(names(20, 1));
  await expect(nav.getByRole("link", { name: "Next" })).toHaveCount(0);
  await personal.screenshot({ path: "docs/tokens-pages.png" });

  // Revoking from page 3 stays on page 3.
  await revoke(page, personal, "ci-010");
  await expect(nav).toContainText("101-119 of 119 tokens");
  await expect(nameCells(personal)).toHaveText(names(20, 11).concat(names(9, 1)));
  expect(param(page, "p")).toBe("3");

  // A reload keeps the page; the search box finds a token of page 3 from the first page.
  await page.reload();
  await expect(nameCells(personal)).toHaveCount(19);
  await page.goto("/account/security");
  const search = personal.getByRole("searchbox", { name: "Search tokens" });
  await search.fill("ci-005");
  await search.press("Enter");
  await expect.poll(() => param(page, "q")).toBe("ci-005");
  await expect(nameCells(personal)).toHaveText(["ci-005"]);
  await expect(nav).toContainText("1-1 of 1 tokens");

  // The agent tokens have their own pages (ap), and keep the personal table's search.
  const agents = page.getByRole("region", { name: "Agent Apps" });
  const agentNav = agents.getByRole("navigation", { name: "Agent token pages" });
  await expect(agentNav).toContainText("1-50 of 120 agent tokens");
  await next(page, agentNav, "ap", 2);
  await expect(agentNav).toContainText("51-100 of 120 agent tokens");
  expect(param(page, "q")).toBe("ci-005");
  await expect(nameCells(personal)).toHaveText(["ci-005"]);
  const agentSearch = agents.getByRole("searchbox", { name: "Search agent tokens" });
  await agentSearch.fill("task-007");
  await agentSearch.press("Enter");
  await expect.poll(() => param(page, "aq")).toBe("task-007");
  await expect(agents.locator("tbody tr")).toHaveCount(1);
  await expect(agents.locator("tbody tr")).toContainText("task-007");
  await page.context().close();
});

test("the admin Tokens dialog: pages of 50 in the URL, search, and revoking keeps page 3", async ({ browser }) => {
  const page = await signedIn(browser, ADMIN);
  await page.goto(`/admin/users?q=${VIEWED.login}`);
  await page.getByRole("button", { name: `Tokens of ${VIEWED.login}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Tokens of ${VIEWED.name}`, exact: true });
  const nav = dialog.getByRole("navigation", { name: "Pagination" });
  await expect(nav).toContainText("1-50 of 120 tokens");
  await expect(nameCells(dialog)).toHaveText(names(120, 71));
  await next(page, nav, "tp", 2);
  await next(page, nav, "tp", 3);
  await expect(dialog).toBeVisible();
  await expect(nameCells(dialog)).toHaveText(names(20, 1));
  await page.screenshot({ path: "test-results/admin-tokens-dialog-pages.png" });
  // The users list keeps its own search beneath the dialog.
  expect(param(page, "q")).toBe(VIEWED.login);

  await revoke(page, dialog, "ci-003");
  await expect(nav).toContainText("101-119 of 119 tokens");
  await expect(nameCells(dialog)).toHaveText(names(20, 4).concat(names(2, 1)));
  expect(param(page, "tp")).toBe("3");

  const search = dialog.getByRole("searchbox", { name: "Search tokens" });
  await search.fill("ci-007");
  await search.press("Enter");
  await expect.poll(() => param(page, "tq")).toBe("ci-007");
  await expect(nameCells(dialog)).toHaveText(["ci-007"]);
  expect(param(page, "tokens")).toBe(VIEWED.login);

  // Closing the dialog drops its search and page; opening it again starts on page 1.
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect.poll(() => param(page, "tq")).toBeNull();
  await page.getByRole("button", { name: `Tokens of ${VIEWED.login}`, exact: true }).click();
  await expect(nav).toContainText("1-50 of 119 tokens");
  await page.context().close();
});

test("Settings > Tokens: 120 organization tokens in pages of 50, search, and deleting keeps page 3", async ({
  browser,
}) => {
  const page = await signedIn(browser, ADMIN);
  await page.goto("/settings/tokens");
  const nav = page.getByRole("navigation", { name: "Pagination" });
  await expect(nav).toContainText("1-50 of 120 tokens");
  await expect(nameCells(page.locator("main"))).toHaveText(names(120, 71).map((n) => `${n}All projects`));
  await next(page, nav, "p", 2);
  await next(page, nav, "p", 3);
  await expect(nameCells(page.locator("main"))).toHaveCount(20);

  await page.getByRole("button", { name: "Actions for ci-015" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete token" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(nav).toContainText("101-119 of 119 tokens");
  await expect(page.getByRole("button", { name: "Actions for ci-015" })).toHaveCount(0);
  expect(param(page, "p")).toBe("3");

  const search = page.getByRole("searchbox", { name: "Search tokens" });
  await search.fill("ci-002");
  await search.press("Enter");
  await expect.poll(() => param(page, "q")).toBe("ci-002");
  await expect(nameCells(page.locator("main"))).toHaveText(["ci-002All projects"]);
  await page.context().close();
});
