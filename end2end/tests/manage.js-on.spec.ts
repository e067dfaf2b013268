// Runs only in the "js-on" project: one price, one server (the no-JS form is covered by the HTTP tests).
import { expect, test } from "@playwright/test";
import { watchConsole } from "./support";

test("a manager changes a price and the public services page shows it", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/signin");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Телефон или e-mail").fill("manager@priyom.demo");
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();
  await page.getByRole("link", { name: "Регистратура" }).click();
  // The main navigation has a public "Услуги и цены" link too.
  await page.locator("#content").getByRole("link", { name: "Услуги и цены" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Услуги и цены" })).toBeVisible();

  const card = page.locator("li.manage-item").filter({ hasText: "Лимфодренажный массаж" }).first();
  // A bad price is refused beside its field.
  await card.getByLabel("Цена, ₽").fill("дорого");
  await card.getByRole("button", { name: "Сохранить" }).click();
  await expect(card.getByText("Укажите цену в рублях")).toBeVisible();
  await card.getByLabel("Цена, ₽").fill("3333");
  await card.getByRole("button", { name: "Сохранить" }).click();
  await expect(page.getByText("Сохранено.")).toBeVisible();

  await page.goto("/services");
  const row = page.locator("li, article, tr").filter({ hasText: "Лимфодренажный массаж" }).last();
  await expect(row).toContainText("3\u202f333\u00a0₽");
  // The refused first try answers 400 on purpose.
  expect(errors.filter((e) => !e.includes("status of 4")), errors.join("\n")).toEqual([]);
});
