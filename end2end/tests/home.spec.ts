import { expect, test, type Page } from "@playwright/test";
import { watchConsole } from "./support";

async function ready(page: Page, jsEnabled: boolean) {
  if (jsEnabled) {
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  }
}

test("home page shows clinics, specializations and specialists", async ({ page, javaScriptEnabled }) => {
  const errors = watchConsole(page);
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await ready(page, javaScriptEnabled);

  await expect(page).toHaveTitle(/Приём/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1, name: "Запишитесь на приём за минуту" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Наши клиники" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Приём на Чистых прудах" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Приём на Петроградской" })).toBeVisible();
  for (const name of ["Массаж", "Физиотерапия", "Ортопедия", "Неврология", "Остеопатия"]) {
    await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  }
  const specialists = page.getByRole("region", { name: "Специалисты" }).getByRole("listitem");
  await expect(specialists).toHaveCount(6);
  await expect(page.getByRole("link", { name: "Перейти к содержимому" })).toBeAttached();
  expect(errors, `console errors: ${errors.join("\n")}`).toEqual([]);
});

test("language switch changes the language and remembers it", async ({ page, javaScriptEnabled }) => {
  await page.goto("/");
  await ready(page, javaScriptEnabled);
  await page.getByRole("link", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Book a visit in a minute" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Priyom Chistye Prudy" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Physiotherapy", exact: true })).toBeVisible();

  // Remembered across a fresh load.
  await page.goto("/");
  await ready(page, javaScriptEnabled);
  await expect(page.getByRole("heading", { level: 1, name: "Book a visit in a minute" })).toBeVisible();

  await page.getByRole("link", { name: "Переключить на русский" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1, name: "Запишитесь на приём за минуту" })).toBeVisible();
});

test("an unknown address answers 404 with a helpful page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Страница не найдена" })).toBeVisible();
  await expect(page.getByRole("link", { name: "На главную" })).toBeVisible();
});
