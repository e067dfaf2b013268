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
