// Runs only in the "js-on" project (the live preview is the point; the no-JS save is covered
// by the HTTP tests).
import { expect, test } from "@playwright/test";
import { watchConsole } from "./support";

test("an admin writes a page, sees it previewed as typed, and publishes it", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/signin");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Телефон или e-mail").fill("admin@priyom.demo");
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();

  await page.goto("/manage/pages");
  await expect(page.getByRole("heading", { level: 1, name: "Страницы сайта" })).toBeVisible();
  await page.getByLabel("Адрес").fill("vakansii");
  await page.getByRole("button", { name: "Открыть редактор" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Редактирование страницы" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  await page.getByLabel("Заголовок").fill("Вакансии");
  await page.getByLabel("Текст (Markdown)").fill("Ищем **массажиста** в клинику.\n\n<b>без html</b>");
  const preview = page.locator("section.preview");
  // The preview follows the text without saving, and shows raw HTML as text.
  await expect(preview.locator("strong")).toHaveText("массажиста");
  await expect(preview).toContainText("<b>без html</b>");
  await page.getByLabel("Опубликована").check();
  await page.getByRole("button", { name: "Сохранить" }).click();
  await expect(page.getByText("Сохранено.")).toBeVisible();

  await page.goto("/pages/vakansii");
  await expect(page.getByRole("heading", { level: 1, name: "Вакансии" })).toBeVisible();
  await expect(page.locator("article strong")).toHaveText("массажиста");
  expect(errors, errors.join("\n")).toEqual([]);
});

test("an existing page opens in the editor with its preview and keeps it live", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/signin");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Телефон или e-mail").fill("admin@priyom.demo");
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();

  // A fresh load of a saved, non-empty page: it must hydrate (it once failed right here).
  await page.goto("/manage/pages/edit?slug=about&lang=ru");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const preview = page.locator("section.preview");
  await expect(preview).toContainText("сеть небольших клиник");
  await page.getByLabel("Текст (Markdown)").fill("Мы *рядом* с метро.");
  await expect(preview.locator("em")).toHaveText("рядом");
  expect(errors, errors.join("\n")).toEqual([]);
});
