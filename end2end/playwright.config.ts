import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// The release server on its own port with a fresh SQLite database and demo data.
const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}`;
const dbFile = path.join(os.tmpdir(), `priyom-e2e-${process.pid}.db`);

// Debian's Chromium; never a downloaded browser.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 60_000,
  // Generous ceilings: CI shares 2 cores between the server, two browsers and the build.
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [["list"]],
  use: { baseURL, launchOptions, locale: "ru-RU", trace: "off" },
  projects: [
    { name: "js-on", use: { javaScriptEnabled: true }, testIgnore: /\.js-off\.spec\.ts$/ },
    { name: "js-off", use: { javaScriptEnabled: false }, testIgnore: /\.js-on\.spec\.ts$/ },
  ],
  webServer: {
    command: "target/release/server serve",
    cwd: "..",
    url: `${baseURL}/readyz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PRIYOM_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${dbFile}?mode=rwc`,
      PRIYOM_DEMO_DATA: "1",
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_OUTPUT_NAME: "priyom",
      LEPTOS_ENV: "PROD",
      RUST_LOG: "warn",
    },
  },
});
