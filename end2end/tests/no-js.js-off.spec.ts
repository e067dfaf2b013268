// Runs only in the "js-off" project.
import { expect, test } from "@playwright/test";

test("the page stays un-hydrated with JavaScript off", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("heading", { name: "Приём на Чистых прудах" })).toBeVisible();
});

