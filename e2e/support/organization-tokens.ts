import { expect, type Page } from "@playwright/test";
import { recordRevealed } from "./revealed";

export const ORG_TOKEN = /^tso_[0-9A-Za-z]{38}$/;

/** Creates an organization token through the `Create token` dialog and returns the value it revealed. */
export async function createOrganizationToken(
  page: Page,
  input: { name: string; type?: "Production" | "Development"; expiry?: string; projects?: string[] },
): Promise<string> {
  await page.getByRole("button", { name: "Create token" }).click();
  const form = page.getByRole("dialog", { name: "Create token" });
  await form.getByLabel("Token name").fill(input.name);
  if (input.type) await form.getByLabel("Token type").selectOption({ label: input.type });
  if (input.expiry) await form.getByLabel("Expiry").selectOption({ label: input.expiry });
  if (input.projects) {
    await form.getByRole("radio", { name: "Chosen projects" }).check();
    for (const project of input.projects) await form.getByRole("checkbox", { name: project }).check();
  }
  await form.getByRole("button", { name: "Create token" }).click();
  const reveal = page.getByRole("dialog", { name: "New token" });
  await expect(reveal).toBeVisible();
  const value = await reveal.getByLabel("Token value").inputValue();
  expect(value).toMatch(ORG_TOKEN);
  recordRevealed(value, input.name);
  await reveal.getByRole("button", { name: "Copy" }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  await expect(form).toBeHidden();
  return value;
}
