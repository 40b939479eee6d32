import fs from "node:fs";
import { chromium, defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT || 3107);
export const baseURL = `http://localhost:${port}`;

// Playwright cannot download its browser here; fall back to Debian's chromium.
const bundled = chromium.executablePath();
const executablePath = fs.existsSync(bundled) ? undefined : "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    permissions: ["clipboard-read", "clipboard-write"],
    launchOptions: { executablePath },
  },
  projects: [
    { name: "flows", testIgnore: /leak-scan/ },
    // Runs after every other spec, against what they left in the database and the server's output.
    { name: "leak-scan", testMatch: /leak-scan/, dependencies: ["flows"] },
  ],
  webServer: {
    command: "bash e2e/serve.sh",
    url: `${baseURL}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    env: { PORT: String(port) },
    stdout: "pipe",
    stderr: "pipe",
  },
});
