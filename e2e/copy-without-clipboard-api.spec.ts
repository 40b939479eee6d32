import { expect, test } from "@playwright/test";
import { recordRevealed } from "./support/revealed";
import { logIn, SecurityPage } from "./support/security-page";

test("Copy still works where the Clipboard API is missing (pages served over plain HTTP)", async ({
  page,
  context,
}) => {
  // Outside secure contexts browsers do not expose navigator.clipboard: take it away.
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
  });
  await logIn(page);
  const security = new SecurityPage(page);
  await security.open();
  expect(await page.evaluate(() => typeof navigator.clipboard)).toBe("undefined");

  await security.submitGenerate("plain-http");
  const dialog = security.revealDialog;
  const shown = await dialog.getByLabel("Token value").inputValue();
  recordRevealed(shown, "plain-http");
  await expect(dialog.getByRole("button", { name: "Done" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByRole("button", { name: "Done" })).toBeEnabled();

  // Read the clipboard back from a page that does have the API.
  const reader = await context.newPage();
  await reader.goto("/login");
  expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(shown);
  await reader.close();

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
});
