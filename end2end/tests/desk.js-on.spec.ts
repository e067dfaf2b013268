// Runs only in the "js-on" project: the demo specialist (Anna) is one person, so one project
// owns her desk; the same forms work without JavaScript (see the HTTP tests).
import { expect, test, type Page } from "@playwright/test";
import { watchConsole } from "./support";

const BOOK = "/book?service=massage-back&clinic=moskva-chistye-prudy&specialist=anna-koroleva";

async function signInAsAnna(page: Page) {
  await page.goto("/signin");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Телефон или e-mail").fill("specialist@priyom.demo");
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();
}

test("a specialist takes a day off and patients' calendar shows it at once", async ({ page, browser }) => {
  const errors = watchConsole(page);
  const patient = await (await browser.newContext()).newPage();
  await patient.goto(BOOK);
  const firstFree = await patient.locator("a.calendar-day").first().getAttribute("data-date");
  expect(firstFree).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  await signInAsAnna(page);
  await page.getByRole("link", { name: "Моё расписание" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Моё расписание" })).toBeVisible();
  await page.getByRole("link", { name: "Часы работы" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Часы работы" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  // An overlapping interval is refused with the reason.
  const sunday = page.getByRole("region", { name: "Воскресенье" });
  await sunday.getByLabel("С", { exact: true }).fill("10:00");
  await sunday.getByLabel("До", { exact: true }).fill("14:00");
  await sunday.getByRole("button", { name: /Добавить/ }).click();
  await expect(sunday.getByText("10:00–14:00")).toBeVisible();
  await sunday.getByLabel("С", { exact: true }).fill("13:00");
  await sunday.getByLabel("До", { exact: true }).fill("15:00");
  await sunday.getByRole("button", { name: /Добавить/ }).click();
  await expect(page.getByText("Пересекается с интервалом 10:00–14:00.")).toBeVisible();
  await sunday.getByRole("button", { name: /Удалить/ }).click();
  await expect(sunday.getByText("не работаю")).toBeVisible();

  // A day off on the patients' first free day.
  await page.getByLabel("Дата (с)").fill(firstFree ?? "");
  await page.getByLabel("Заметка").fill("Конференция");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await expect(page.getByText("Конференция")).toBeVisible();

  await patient.goto(BOOK);
  await expect(patient.locator(`a.calendar-day[data-date="${firstFree}"]`)).toHaveCount(0);
  await expect(patient.locator(`[data-date="${firstFree}"]`)).toHaveAttribute("aria-disabled", "true");

  // Back to work: the day is bookable again.
  await page.getByRole("button", { name: new RegExp(`Удалить ${firstFree}`) }).click();
  await expect(page.getByText("Конференция")).toHaveCount(0);
  await patient.goto(BOOK);
  await expect(patient.locator(`a.calendar-day[data-date="${firstFree}"]`)).toHaveCount(1);
  // The refused overlap answers 400 by design; anything else is a bug.
  const unexpected = errors.filter((e) => !e.includes("status of 400"));
  expect(unexpected, unexpected.join("\n")).toEqual([]);
});

test("a new booking rings the specialist's bell live, without a reload", async ({ page, browser }) => {
  const errors = watchConsole(page);
  await signInAsAnna(page);
  await page.getByRole("link", { name: "Моё расписание" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Моё расписание" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const bell = page.getByRole("link", { name: /^Уведомления/ });
  await expect(bell).toBeVisible();
  const before = Number(await bell.getAttribute("data-unread"));
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

  // A guest books Anna in another browser (the last free day: the other desk test takes the first off).
  const patient = await (await browser.newContext()).newPage();
  await patient.goto(BOOK);
  await patient.locator("a.calendar-day").last().click();
  await patient.locator("a.time-choice").first().click();
  await patient.getByLabel("Имя и фамилия").fill("Роза Звонкова");
  await patient.getByLabel("Телефон", { exact: true }).fill("8 916 500-00-77");
  await patient.getByRole("checkbox", { name: /согласие на обработку/ }).check();
  await patient.getByRole("button", { name: "Записаться" }).click();
  await expect(patient.getByRole("heading", { level: 1, name: "Вы записаны" })).toBeVisible();

  await expect
    .poll(async () => Number(await bell.getAttribute("data-unread")), { timeout: 20_000 })
    .toBeGreaterThan(before);
  await expect(bell.locator(".bell-badge")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

  // The list shows the news; marking it read clears the badge.
  await bell.click();
  await expect(page.getByRole("heading", { level: 1, name: "Уведомления" })).toBeVisible();
  await expect(page.getByText(/Новая запись/).first()).toBeVisible();
  await page.getByRole("button", { name: "Отметить прочитанными" }).click();
  await expect(bell).toHaveAttribute("data-unread", "0");
  expect(errors, errors.join("\n")).toEqual([]);
});
