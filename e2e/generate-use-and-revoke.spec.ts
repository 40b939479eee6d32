import { expect, test } from "@playwright/test";
import { expiryAfterDays } from "../lib/tokens/expiry";
import { formatDate } from "../lib/dates";
import { recordRevealed } from "./support/revealed";
import { logIn, revokeAllAdminTokens, SecurityPage, TOKEN_PATTERN } from "./support/security-page";

test.describe("a personal access token, from generation to revocation", () => {
  test("generate, copy, use on the Web API, see its last use, revoke it", async ({ page, request }) => {
    await revokeAllAdminTokens(request);
    await logIn(page);
    const security = new SecurityPage(page);
    await security.open();
    await expect(page.getByText("No tokens")).toBeVisible();

    // The form's defaults.
    await expect(page.getByLabel("Type")).toHaveValue("USER_TOKEN");
    await expect(page.getByLabel("Expires in")).toHaveValue("30 days");
    await expect(page.getByLabel("Expires in").locator("option")).toHaveText([
      "30 days",
      "90 days",
      "1 year",
      "No expiration",
    ]);

    await security.submitGenerate("ci-pipeline");
    const dialog = security.revealDialog;
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("Make sure you copy it now. You won't be able to see it again!");
    const field = dialog.getByLabel("Token value");
    await expect(field).toHaveAttribute("readonly", "");
    const shown = await field.inputValue();
    expect(shown).toMatch(TOKEN_PATTERN);
    recordRevealed(shown, "ci-pipeline");

    // Before the copy: Done is disabled, and Escape or an outside click leave the dialog open.
    const done = dialog.getByRole("button", { name: "Done" });
    await expect(done).toBeDisabled();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeVisible();
    await page.mouse.click(5, 5);
    await expect(dialog).toBeVisible();

    await dialog.getByRole("button", { name: "Copy" }).click();
    await expect(done).toBeEnabled();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    await done.click();
    await expect(dialog).toBeHidden();

    const row = security.row("ci-pipeline");
    await expect(row).toBeVisible();
    await expect(row).toContainText("User Token");
    await expect(row).toContainText("Never");
    await expect(row).toContainText(formatDate(expiryAfterDays(30, new Date())));
    await expect(row).toContainText(String(new Date().getUTCFullYear()));

    // The token works on the Web API, as Bearer and as Basic with an empty password.
    const bearer = await request.get("/api/authentication/validate", {
      headers: { Authorization: `Bearer ${copied}` },
    });
    expect(await bearer.json()).toEqual({ valid: true });
    const basic = await request.get("/api/user_tokens/search", {
      headers: { Authorization: `Basic ${Buffer.from(`${copied}:`).toString("base64")}` },
    });
    expect(basic.status()).toBe(200);
    expect((await basic.json()).userTokens.map((t: { name: string }) => t.name)).toEqual(["ci-pipeline"]);

    // Its last use shows once the page is reloaded.
    await page.reload();
    await expect(row).not.toContainText("Never");
    await expect(row).toContainText("less than a minute ago");

    // Revoke: a confirmation that names the token, then the token fails on the very next request.
    await row.getByRole("button", { name: "Revoke" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Revoke token" });
    await expect(confirm).toContainText("ci-pipeline");
    await expect(confirm).toContainText("This action is irreversible.");
    await expect(confirm).toContainText("fail");
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toBeHidden();
    await expect(page.getByText("No tokens")).toBeVisible();

    const after = await request.get("/api/authentication/validate", { headers: { Authorization: `Bearer ${copied}` } });
    expect(await after.json()).toEqual({ valid: false });
    const refused = await request.get("/api/user_tokens/search", { headers: { Authorization: `Bearer ${copied}` } });
    expect(refused.status()).toBe(401);
    expect((await refused.json()).errors[0].msg).toBeTruthy();
  });

  test("a duplicate name is refused next to the field and creates nothing", async ({ page }) => {
    await logIn(page);
    const security = new SecurityPage(page);
    await security.open();
    await security.generate("deploy-bot", "90 days");
    await expect(security.row("deploy-bot")).toContainText(formatDate(expiryAfterDays(90, new Date())));

    await security.submitGenerate("  deploy-bot  ");
    await expect(page.locator("#name-error")).toContainText("already exists");
    await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(security.revealDialog).toBeHidden();
    await expect(security.row("deploy-bot")).toHaveCount(1);

    // An empty name is refused the same way.
    await security.submitGenerate("   ");
    await expect(page.locator("#name-error")).toContainText("required");
  });

  test("closing the dialog before copying asks first, and leaving the page warns", async ({ page }) => {
    await logIn(page);
    const security = new SecurityPage(page);
    await security.open();
    await security.submitGenerate("never-copied", "No expiration");
    const dialog = security.revealDialog;
    await expect(dialog).toBeVisible();
    recordRevealed(await dialog.getByLabel("Token value").inputValue(), "never-copied");

    let unloadWarning = "";
    page.once("dialog", async (d) => {
      unloadWarning = d.type();
      await d.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => unloadWarning).toBe("beforeunload");
  });

  test("the close button before the copy needs a confirmation", async ({ page }) => {
    await logIn(page);
    const security = new SecurityPage(page);
    await security.open();
    await security.submitGenerate("closed-early", "1 year");
    const dialog = security.revealDialog;
    recordRevealed(await dialog.getByLabel("Token value").inputValue(), "closed-early");
    await dialog.getByRole("button", { name: "Close" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Close without copying?" });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).click();
    await confirm.getByRole("button", { name: "Close anyway" }).click();
    await expect(dialog).toBeHidden();
    await expect(security.row("closed-early")).toContainText(formatDate(expiryAfterDays(365, new Date())));
  });
});
