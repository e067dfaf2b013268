import { expect, test, type Page } from "@playwright/test";
import { watchConsole } from "./support";

async function ready(page: Page, jsEnabled: boolean) {
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

async function signIn(page: Page, login: string, jsEnabled: boolean) {
  await page.goto("/signin");
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Телефон или e-mail").fill(login);
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();
}

test("a patient's review appears on the profile only after an operator publishes it", async ({ page, browser, javaScriptEnabled }) => {
  const errors = watchConsole(page);
  // Each project reviews a past visit with its own specialist of the Moscow clinic.
  const [surname, slug] = javaScriptEnabled ? ["Королёва", "anna-koroleva"] : ["Лебедев", "igor-lebedev"];
  const comment = `Внимательный специалист, всё объяснил (${javaScriptEnabled ? "js" : "no-js"})`;

  await signIn(page, "patient@priyom.demo", javaScriptEnabled);
  await page.goto("/account/visits");
  if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const visit = page.locator("li.visit-item").filter({ hasText: surname }).filter({ hasText: "Оставить отзыв" }).first();
  await visit.getByRole("link", { name: "Оставить отзыв" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Оставить отзыв" })).toBeVisible();
  await ready(page, javaScriptEnabled);
  // Without a rating the form says what is missing.
  await page.getByLabel("Отзыв").fill(comment);
  await page.getByRole("button", { name: "Отправить отзыв" }).click();
  await expect(page.getByText("Выберите оценку от 1 до 5.")).toBeVisible();
  await page.getByLabel("5 — отлично").check();
  await page.getByLabel("Отзыв").fill(comment);
  await page.getByRole("button", { name: "Отправить отзыв" }).click();
  await expect(page.getByText("Спасибо! Отзыв появится на сайте после проверки.")).toBeVisible();
  await expect(page.getByText(/Ваш отзыв: .* — на проверке/).first()).toBeVisible();

  // Not public yet.
  await page.goto(`/specialists/${slug}`);
  await expect(page.getByText(comment)).toHaveCount(0);

  // The operator of the clinic publishes it.
  const desk = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await signIn(desk, "operator@priyom.demo", javaScriptEnabled);
  await desk.getByRole("link", { name: "Регистратура" }).click();
  await expect(desk.getByRole("heading", { level: 1, name: /Регистратура/ })).toBeVisible();
  await desk.getByRole("link", { name: "Отзывы на проверке" }).click();
  await expect(desk.getByRole("heading", { level: 1, name: "Отзывы на проверке" })).toBeVisible();
  const item = desk.locator("li.review-item").filter({ hasText: comment });
  await item.getByRole("button", { name: "Опубликовать" }).click();
  await expect(desk.getByText("Готово.")).toBeVisible();
  await expect(desk.locator("li.review-item").filter({ hasText: comment })).toHaveCount(0);

  await page.goto(`/specialists/${slug}`);
  const review = page.locator("li, article").filter({ hasText: comment }).last();
  await expect(review).toBeVisible();
  await expect(review.getByText("Подтверждённый визит")).toBeVisible();
  await page.goto("/account/visits");
  await expect(page.getByText(/Ваш отзыв: .* — опубликован/).first()).toBeVisible();
  // The refused first try answers 400 on purpose.
  expect(errors.filter((e) => !e.includes("status of 4")), errors.join("\n")).toEqual([]);
});
