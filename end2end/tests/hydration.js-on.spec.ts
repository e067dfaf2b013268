// Runs only in the "js-on" project.
import { expect, test } from "@playwright/test";
import { watchConsole } from "./support";

test("the page hydrates with JavaScript on", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  // The wasm bundle was fetched and instantiated (not just the HTML).
  const wasmLoaded = await page.evaluate(() =>
    performance.getEntriesByType("resource").some((e) => e.name.endsWith(".wasm")),
  );
  expect(wasmLoaded).toBe(true);
  expect(errors, `console errors: ${errors.join("\n")}`).toEqual([]);
});

