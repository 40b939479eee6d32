import { expect, test } from "@playwright/test";
import { bearer, createUserViaApi, signInElsewhere, tokenIsValid, unique } from "./support/admin";
import { recordRevealed } from "./support/revealed";
import { logIn } from "./support/security-page";

const SWITCH = "Allow Agent Apps to create personal access tokens";

test("an admin registers an agent app, a user allows it, revokes its token, and the admin deletes the app", async ({
  page,
  browser,
  baseURL,
  request,
}) => {
  const user = await createUserViaApi(request, { login: unique("agent-user"), name: "Agnes Agentuser" });
  const appName = unique("Review bot");

  // Administration > Agent Apps: register the app, its credential shown once in `New token`.
  await logIn(page);
  await page.goto("/admin/agent-apps");
  await expect(page.getByRole("heading", { name: "Agent Apps", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Agent Apps" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("button", { name: "Register agent app" }).click();
  const register = page.getByRole("dialog", { name: "Register agent app" });
  await register.getByLabel("Name", { exact: true }).fill(`  ${appName}  `);
  await register.getByRole("button", { name: "Register" }).click();

  const reveal = page.getByRole("dialog", { name: "New token" });
  await expect(reveal).toBeVisible();
  await expect(reveal).toContainText("Make sure you copy it now. You won't be able to see it again!");
  const shown = await reveal.getByLabel("Token value").inputValue();
  expect(shown).toMatch(/^tsx_[0-9A-Za-z]{38}$/);
  recordRevealed(shown, appName);
  await reveal.getByRole("button", { name: "Copy" }).click();
  const credential = await page.evaluate(() => navigator.clipboard.readText());
  expect(credential).toBe(shown);
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  await expect(register).toBeHidden();

  const appRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: appName, exact: true }) });
  await expect(appRow).toBeVisible();
  await expect(appRow).toContainText("admin");
  await expect(appRow).toContainText(String(new Date().getUTCFullYear()));
  await expect(page.getByRole("columnheader")).toHaveText(["Name", "Created by", "Creation date", "Delete"]);

  // A second app of the same name is refused, and nothing is revealed.
  await page.getByRole("button", { name: "Register agent app" }).click();
  await register.getByLabel("Name", { exact: true }).fill(appName);
  await register.getByRole("button", { name: "Register" }).click();
  await expect(register.getByText("already exists")).toBeVisible();
  await expect(reveal).toHaveCount(0);
  await register.getByRole("button", { name: "Cancel" }).click();
  await page.screenshot({ path: "test-results/admin-agent-apps.png", fullPage: true });

  // The app may not create a token before the user allows it.
  const generate = (task: string) =>
    request.post("/api/agent_tokens/generate", { headers: bearer(credential), form: { login: user.login, task } });
  expect((await generate("review PR 12")).status()).toBe(403);

  // The user turns the switch on in My Account.
  const { context, page: userPage } = await signInElsewhere(browser, baseURL, user);
  await userPage.goto("/account/security");
  await expect(userPage.getByRole("heading", { name: "Agent Apps" })).toBeVisible();
  const consent = userPage.getByRole("switch", { name: SWITCH });
  await expect(consent).toHaveAttribute("aria-checked", "false");
  await expect(userPage.getByText("No agent tokens")).toBeVisible();
  await consent.click();
  await expect(consent).toHaveAttribute("aria-checked", "true");
  // The switch shows the new state at once; it is enabled again once the server has saved it.
  await expect(consent).toBeEnabled();
  await userPage.reload();
  await expect(userPage.getByRole("switch", { name: SWITCH })).toHaveAttribute("aria-checked", "true");

  // Now the app creates an agent token for them: it acts as the user for one hour at most.
  const res = await generate("review PR 12");
  expect(res.status(), await res.text()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const body = (await res.json()) as { token: string; expiresAt: string };
  recordRevealed(body.token, "review PR 12");
  expect(body.token).toMatch(/^tsa_[0-9A-Za-z]{38}$/);
  const lifetime = new Date(body.expiresAt).getTime() - Date.now();
  expect(lifetime).toBeGreaterThan(59 * 60_000);
  expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
  const asUser = await request.get("/api/user_tokens/search", { headers: bearer(body.token) });
  expect(((await asUser.json()) as { login: string }).login).toBe(user.login);

  // The user sees it in the Agent Apps table and revokes it.
  await userPage.reload();
  const agentSection = userPage.getByRole("region", { name: "Agent Apps" });
  await expect(agentSection.getByRole("columnheader")).toHaveText(["App", "Task", "Created", "Expires", "Actions"]);
  const tokenRow = agentSection.getByRole("row").filter({ has: userPage.getByRole("cell", { name: "review PR 12" }) });
  await expect(tokenRow).toContainText(appName);
  await expect(tokenRow).toContainText(String(new Date().getUTCFullYear()));
  await userPage.screenshot({ path: "test-results/account-agent-apps.png", fullPage: true });
  await tokenRow.getByRole("button", { name: "Revoke" }).click();
  const confirm = userPage.getByRole("alertdialog", { name: "Revoke token" });
  await expect(confirm).toContainText(appName);
  await expect(confirm).toContainText("review PR 12");
  await expect(confirm).toContainText("This action is irreversible.");
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(agentSection.getByText("No agent tokens")).toBeVisible();
  expect((await request.get("/api/user_tokens/search", { headers: bearer(body.token) })).status()).toBe(401);
  expect(await tokenIsValid(request, body.token)).toBe(false);
  await context.close();

  // The admin deletes the app: its credential stops working.
  await page.reload();
  await appRow.getByRole("button", { name: "Delete" }).click();
  const confirmDelete = page.getByRole("alertdialog", { name: "Delete agent app" });
  await expect(confirmDelete).toContainText(appName);
  await expect(confirmDelete).toContainText("This action is irreversible.");
  await expect(confirmDelete).toContainText("agent token");
  await confirmDelete.getByRole("button", { name: "Delete" }).click();
  await expect(confirmDelete).toBeHidden();
  await expect(appRow).toHaveCount(0);
  expect(await tokenIsValid(request, credential)).toBe(false);
  expect((await generate("review PR 13")).status()).toBe(401);
});

test("My Account with the Agent Apps section, as the README shows it", async ({ page, browser, baseURL, request }) => {
  const user = await createUserViaApi(request, { login: unique("readme-agent"), name: "Rita Readme" });
  await logIn(page);
  await page.goto("/admin/agent-apps");
  const appName = "Code review agent";
  await page.getByRole("button", { name: "Register agent app" }).click();
  await page.getByRole("dialog", { name: "Register agent app" }).getByLabel("Name", { exact: true }).fill(appName);
  await page.getByRole("button", { name: "Register", exact: true }).click();
  const reveal = page.getByRole("dialog", { name: "New token" });
  const credential = await reveal.getByLabel("Token value").inputValue();
  recordRevealed(credential, appName);
  await reveal.getByRole("button", { name: "Copy" }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  const { context, page: userPage } = await signInElsewhere(browser, baseURL, user);
  await userPage.setViewportSize({ width: 1280, height: 720 });
  await userPage.goto("/account/security");
  await userPage.getByRole("switch", { name: SWITCH }).click();
  await expect(userPage.getByRole("switch", { name: SWITCH })).toHaveAttribute("aria-checked", "true");
  await expect(userPage.getByRole("switch", { name: SWITCH })).toBeEnabled();
  for (const task of ["Fix issue #128: flaky login test", "Review pull request #131"]) {
    const res = await request.post("/api/agent_tokens/generate", {
      headers: bearer(credential),
      form: { login: user.login, task },
    });
    expect(res.status()).toBe(200);
    recordRevealed(((await res.json()) as { token: string }).token, task);
  }
  await userPage.reload();
  await expect(userPage.getByRole("cell", { name: "Review pull request #131" })).toBeVisible();
  await userPage.screenshot({ path: "docs/agent-apps.png", fullPage: true });
  await context.close();
});
