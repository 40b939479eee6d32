import { test } from "@playwright/test";
import { recordRevealed } from "./support/revealed";
import { logIn, SecurityPage } from "./support/security-page";

test("the tokens page, as the README shows it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await logIn(page);
  const security = new SecurityPage(page);
  await security.open();
  await security.generate("github-actions", "90 days");
  await security.generate("local-cli", "1 year");
  await page.screenshot({ path: "docs/tokens-page.png", fullPage: true });
  await security.submitGenerate("shown-once");
  const dialog = security.revealDialog;
  recordRevealed(await dialog.getByLabel("Token value").inputValue(), "shown-once");
  await page.screenshot({ path: "test-results/new-token-dialog.png" });
});
