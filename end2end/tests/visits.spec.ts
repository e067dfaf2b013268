import { expect, test, type Page } from "@playwright/test";
import { freeDayFrom, localDate, register, watchConsole } from "./support";

async function ready(page: Page, jsEnabled: boolean) {
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("a patient books, moves and cancels a visit from the cabinet", async ({ page, javaScriptEnabled }) => {
  const errors = watchConsole(page);
  // Each project registers its own patient and books its own specialist.
  const phone = javaScriptEnabled ? "8 916 400-00-01" : "8 916 400-00-02";
  const slugs = javaScriptEnabled
    ? "service=physio-magnet&clinic=moskva-chistye-prudy&specialist=elena-smirnova"
    : "service=osteo-first&clinic=spb-petrogradskaya&specialist=sergey-morozov";

  const name = javaScriptEnabled ? "Кира Кабинетова" : "Лев Кабинетов";
  await register(page, { name, phone, password: "тихий вечер 2026" }, javaScriptEnabled);

  // Signed in: one click books, no personal fields asked. Two days ahead, so the visit is
  // outside the 12-hour window in which it can no longer be changed online.
  await page.goto(`/book?${slugs}`);
  await ready(page, javaScriptEnabled);
  await (await freeDayFrom(page, localDate(2))).click();
  await page.locator("a.time-choice").first().click();
  await expect(page.getByLabel("Имя и фамилия")).toHaveCount(0);
  await page.getByRole("button", { name: "Записаться" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Вы записаны" })).toBeVisible();
  const bookedWhen = (await page.locator("dl.summary dd").first().innerText()).trim();

  await page.getByRole("link", { name: "Перейти к моим визитам" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Мои визиты" })).toBeVisible();
  await ready(page, javaScriptEnabled);
  const visit = page.locator("li.visit-item").filter({ hasText: bookedWhen });
  await expect(visit).toBeVisible();

  // Move it: the old time is released only once the new one is secured.
  await visit.getByRole("link", { name: "Перенести" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Перенос визита" })).toBeVisible();
  await page.locator("a.calendar-day").last().click();
  await page.locator("a.time-choice").first().click();
  await page.getByRole("button", { name: "Перенести" }).click();
  await expect(page.getByText("Визит перенесён.")).toBeVisible();
  await expect(page.locator("li.visit-item").filter({ hasText: bookedWhen })).toHaveCount(0);

  // Cancel it with a reason.
  const moved = page.locator("li.visit-item").first();
  await moved.getByText("Отменить визит").first().click();
  await moved.getByLabel("Причина отмены").fill("Уезжаю в командировку");
  await moved.getByRole("button", { name: "Отменить визит" }).click();
  await expect(page.getByText("Визит отменён.")).toBeVisible();
  await expect(page.getByText("Предстоящих визитов нет.")).toBeVisible();
  await expect(page.locator("li.visit-item").filter({ hasText: "Уезжаю в командировку" })).toBeVisible();
  expect(errors, errors.join("\n")).toEqual([]);
});
