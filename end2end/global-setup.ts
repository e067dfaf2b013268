import { chromium, type FullConfig } from "@playwright/test";

// Loads one page and waits for it to hydrate before any test starts: a fresh machine's first
// Chromium start and first WebAssembly compile are slow, and that cost belongs to no test.
// Prints how long it took, so a slow machine shows up in the log instead of as flaky tests.
export default async function globalSetup(config: FullConfig) {
  const project = config.projects[0];
  const baseURL = project?.use.baseURL ?? "http://127.0.0.1:3107";
  const browser = await chromium.launch(project?.use.launchOptions);
  const started = Date.now();
  try {
    const page = await browser.newPage();
    await page.goto(`${baseURL}/book`, { timeout: 120_000 });
    await page.waitForSelector("body[data-hydrated=true]", { timeout: 120_000 });
    console.log(`warm-up: first page hydrated in ${Date.now() - started} ms`);
  } finally {
    await browser.close();
  }
}
