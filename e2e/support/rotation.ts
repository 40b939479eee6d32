import { expect, type Locator, type Page } from "@playwright/test";
import { recordRevealed } from "./revealed";

export const OVERLAP_CHOICES = ["No overlap", "1 hour", "1 day", "7 days"];

/** The `Rotate token` dialog, once a row's `Rotate` opened it. */
export function rotateDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Rotate token" });
}

/**
 * Confirms the open `Rotate token` dialog with an overlap, copies the successor from the `New
 * token` dialog over it, closes both and returns the value read back from the clipboard.
 */
export async function confirmRotation(page: Page, overlap: string, name: string): Promise<string> {
  const dialog = rotateDialog(page);
  await dialog.getByLabel("Keep the old token working for").selectOption({ label: overlap });
  await dialog.getByRole("button", { name: "Rotate", exact: true }).click();
  const reveal = page.getByRole("dialog", { name: "New token" });
  await expect(reveal).toBeVisible();
  await reveal.getByRole("button", { name: "Copy" }).click();
  const done = reveal.getByRole("button", { name: "Done" });
  await expect(done).toBeEnabled();
  const value = await page.evaluate(() => navigator.clipboard.readText());
  recordRevealed(value, name);
  expect(value).toBe(await reveal.getByLabel("Token value").inputValue());
  await done.click();
  await expect(reveal).toBeHidden();
  await expect(rotateDialog(page)).toHaveCount(0);
  return value;
}
