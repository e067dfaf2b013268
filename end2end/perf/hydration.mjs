// Time to hydration of one page in Debian's Chromium: loads it in a fresh browser context
// (no cache) several times and prints each time and the median, in milliseconds, from the
// start of navigation until the app marks <body data-hydrated="true">.
//   node end2end/perf/hydration.mjs http://127.0.0.1:3199/book [loads=7]
import { chromium } from "@playwright/test";

const [url, loadsArg] = process.argv.slice(2);
if (!url) {
  console.error("usage: node hydration.mjs URL [loads]");
  process.exit(2);
}
const loads = Number(loadsArg ?? 7);

// Runs before any page script: notes the moment the app marks the body as hydrated.
const watchHydration = () => {
  new MutationObserver((_, observer) => {
    if (document.body?.dataset.hydrated === "true") {
      window.__hydratedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run"],
});
const times = [];
try {
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(watchHydration);
    await page.goto(url);
    await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
    times.push(Math.round(await page.evaluate(() => window.__hydratedAt)));
    await context.close();
  }
} finally {
  await browser.close();
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`hydration ms: ${times.join(" ")}; median ${sorted[Math.floor(sorted.length / 2)]}`);
