import { expect, test } from "@playwright/test";

test("filter specialists by speciality and open a profile", async ({ page, javaScriptEnabled }) => {
  await page.goto("/specialists");
  if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("heading", { level: 1, name: "Специалисты" })).toBeVisible();
  await page.getByLabel("Направление").selectOption({ label: "Неврология" });
  await page.getByRole("button", { name: "Показать" }).click();
  await expect(page).toHaveURL(/specialization=neurology/);
  await expect(page.getByText("Найдено: 2 специалиста")).toBeVisible();

  await page.getByRole("link", { name: "Мария Александровна Новикова" }).click();
  await expect(page).toHaveURL(/\/specialists\/maria-novikova$/);
  await expect(page.getByRole("heading", { level: 1, name: "Мария Александровна Новикова" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Услуги и цены" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Приём врача-невролога, первичный" })).toBeVisible();
});

test("pagination keeps the filter in the link", async ({ page, javaScriptEnabled }) => {
  await page.goto("/specialists");
  if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByText("Страница 1 из 2")).toBeVisible();
  await page.getByRole("link", { name: "Дальше →" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText("Страница 2 из 2")).toBeVisible();
});

test("clinic page from the home page", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Приём на Петроградской" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Приём на Петроградской" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Часы работы" })).toBeVisible();
  await expect(page.getByRole("link", { name: "+7 812 123-45-67" })).toBeVisible();
});

test("services catalog and a content page", async ({ page }) => {
  await page.goto("/services");
  await expect(page.getByRole("heading", { level: 3, name: "Аппаратная физиотерапия" })).toBeVisible();
  await page.goto("/pages/privacy");
  await expect(page.getByRole("heading", { level: 1, name: "Политика обработки персональных данных" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Ваши права" })).toBeVisible();
});

test("an unknown specialist answers 404", async ({ page }) => {
  const response = await page.goto("/specialists/no-such-person");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Страница не найдена" })).toBeVisible();
});
