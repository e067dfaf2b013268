// Runs only in the "js-on" project: the calendar answers the keyboard.
import { expect, test } from "@playwright/test";
import { watchConsole } from "./support";

test("a guest books through the calendar with the keyboard", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/book?service=neuro-repeat&clinic=spb-petrogradskaya&specialist=any");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const grid = page.getByRole("grid");
  await expect(grid).toBeVisible();

  // Tab reaches one day (the first free one); arrows move between days.
  const first = grid.locator('[tabindex="0"]');
  await first.focus();
  const start = await first.getAttribute("data-date");
  await page.keyboard.press("ArrowDown");
  await expect(grid.locator(":focus")).not.toHaveAttribute("data-date", start ?? "");
  await page.keyboard.press("ArrowUp");
  await expect(grid.locator(":focus")).toHaveAttribute("data-date", start ?? "");

  // Enter picks the day without reloading the page; the times appear.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: /Время/ })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

  // Escape closes the day again.
  await grid.locator("a.calendar-day").first().focus();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("heading", { level: 2, name: /Время/ })).toHaveCount(0);

  await grid.locator("a.calendar-day").first().focus();
  await page.keyboard.press("Enter");
  const time = page.locator("a.time-choice").first();
  await time.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: /Подтверждение/ })).toBeVisible();

  await page.getByLabel("Имя и фамилия").fill("Клава Клавишина");
  await page.getByLabel("Телефон", { exact: true }).fill("8 916 500-00-01");
  await page.getByRole("checkbox", { name: /согласие на обработку/ }).check();
  await page.getByRole("button", { name: "Записаться" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Вы записаны" })).toBeVisible();
  expect(errors, errors.join("\n")).toEqual([]);
});
