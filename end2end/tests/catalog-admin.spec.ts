// Both projects: the management forms are plain forms, so they must work with and without
// JavaScript. Each run adds its own service (names carry the project) to stay independent.
import { expect, test } from "@playwright/test";
import { watchConsole } from "./support";

test("a manager adds a service, a bad price is refused beside its field, and patients see it", async ({ page }, info) => {
  const errors = watchConsole(page);
  const name = `Кедровая бочка ${info.project.name}`;
  await page.goto("/signin");
  await page.getByLabel("Телефон или e-mail").fill("manager@priyom.demo");
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();

  await page.goto("/manage/services");
  await expect(page.getByRole("heading", { level: 1, name: "Услуги и цены" })).toBeVisible();
  const form = page.locator("#new-service");
  await form.locator("summary").click();
  await form.getByLabel("Название", { exact: true }).fill(name);
  await form.getByLabel("Название по-английски").fill(`Cedar barrel ${info.project.name}`);
  await form.getByLabel("Цена, ₽").fill("дёшево");
  await form.getByRole("button", { name: "Добавить услугу" }).click();
  // Refused beside the field, with what was typed kept for a second try.
  await expect(page.locator("#new-service").getByText("Укажите цену в рублях")).toBeVisible();
  const again = page.locator("#new-service");
  if (!(await again.getByLabel("Название", { exact: true }).inputValue())) {
    await again.getByLabel("Название", { exact: true }).fill(name);
    await again.getByLabel("Название по-английски").fill(`Cedar barrel ${info.project.name}`);
  }
  await again.getByLabel("Цена, ₽").fill("1800");
  await again.getByRole("button", { name: "Добавить услугу" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Настройка услуги: ${name}` })).toBeVisible();
  await expect(page.getByText("Услуга добавлена.")).toBeVisible();

  await page.goto("/services");
  await expect(page.getByText(name)).toBeVisible();
  // The refused first try answers 400 on purpose.
  expect(errors.filter((e) => !e.includes("status of 4")), errors.join("\n")).toEqual([]);
});
