import { expect, test, type Page } from "@playwright/test";
import { watchConsole } from "./support";

// Both projects share one server: each uses its own specialists, so they never race.

async function ready(page: Page, jsEnabled: boolean) {
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/// Picks a free day in the calendar (the first by default) and its first time.
async function pickFirstTime(page: Page, day = 0) {
  await page.locator("a.calendar-day").nth(day).click();
  await expect(page.getByRole("heading", { level: 2, name: /Время/ })).toBeVisible();
  await page.locator("a.time-choice").first().click();
  await expect(page.getByRole("heading", { level: 2, name: /Подтверждение/ })).toBeVisible();
}

test("a guest books step by step and gets a confirmation with an .ics file", async ({ page, javaScriptEnabled }) => {
  const errors = watchConsole(page);
  // Anna (Moscow) is the specialist desk test's; this test uses Olga (St Petersburg) and Dmitry.
  const specialist = javaScriptEnabled ? "Ольга Игоревна Павлова" : "Дмитрий Андреевич Волков";
  const clinic = javaScriptEnabled ? "Приём на Петроградской" : "Приём на Чистых прудах";
  const address = javaScriptEnabled ? "Санкт-Петербург, Большой проспект" : "Москва, Чистопрудный бульвар";
  await page.goto("/");
  await ready(page, javaScriptEnabled);
  await page.getByRole("link", { name: "Записаться" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Запись на приём" })).toBeVisible();

  await page.getByRole("link", { name: /Классический массаж спины/ }).click();
  await page.getByRole("link", { name: new RegExp(clinic) }).click();
  await page.getByRole("link", { name: new RegExp(specialist) }).click();
  await expect(page.getByRole("grid")).toBeVisible();
  await pickFirstTime(page);
  await expect(page.getByText(specialist).first()).toBeVisible();

  // Mistakes are explained; nothing is booked.
  await page.getByRole("button", { name: "Записаться" }).click();
  await expect(page.getByText("Отметьте согласие на обработку персональных данных")).toBeVisible();

  await page.getByLabel("Имя и фамилия").fill(javaScriptEnabled ? "Вера Гостева" : "Глеб Гостев");
  await page.getByLabel("Телефон", { exact: true }).fill(javaScriptEnabled ? "8 916 200-00-01" : "8 916 200-00-02");
  await page.getByRole("checkbox", { name: /согласие на обработку/ }).check();
  await page.getByRole("button", { name: "Записаться" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Вы записаны" })).toBeVisible();
  await expect(page).toHaveURL(/\/visits\/[0-9a-f]{64}$/);
  await expect(page.getByText(address)).toBeVisible();
  const ics = page.getByRole("link", { name: /Добавить в календарь/ });
  const response = await page.request.get((await ics.getAttribute("href")) ?? "");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  expect(await response.text()).toContain("BEGIN:VEVENT");
  // The refused first submit answers 400 by design; anything else is a bug.
  const unexpected = errors.filter((e) => !e.includes("status of 400"));
  if (javaScriptEnabled) expect(unexpected, unexpected.join("\n")).toEqual([]);
});

test("a time taken meanwhile shows the conflict and fresh times", async ({ page, browser, javaScriptEnabled }) => {
  const slugs = javaScriptEnabled
    ? "service=neuro-first&clinic=moskva-chistye-prudy&specialist=maria-novikova"
    : "service=ortho-first&clinic=moskva-chistye-prudy&specialist=igor-lebedev";
  await page.goto(`/book?${slugs}`);
  await ready(page, javaScriptEnabled);
  // Not today: late in the day its last time may be the one the rival takes.
  await pickFirstTime(page, 1);
  const chosen = page.url();

  // Someone else books the same time in another browser.
  const rival = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await rival.goto(chosen);
  await rival.getByLabel("Имя и фамилия").fill(javaScriptEnabled ? "Соперник Первый" : "Соперник Второй");
  await rival.getByLabel("Телефон", { exact: true }).fill(javaScriptEnabled ? "8 916 300-00-01" : "8 916 300-00-02");
  await rival.getByRole("checkbox", { name: /согласие на обработку/ }).check();
  await rival.getByRole("button", { name: "Записаться" }).click();
  await expect(rival.getByRole("heading", { level: 1, name: "Вы записаны" })).toBeVisible();

  await page.getByLabel("Имя и фамилия").fill("Опоздавший Пациент");
  await page.getByLabel("Телефон", { exact: true }).fill(javaScriptEnabled ? "8 916 300-00-03" : "8 916 300-00-04");
  await page.getByRole("checkbox", { name: /согласие на обработку/ }).check();
  await page.getByRole("button", { name: "Записаться" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /только что заняли|уже недоступно/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Вы записаны" })).toHaveCount(0);
  // Fresh times are on the page, without the one just taken.
  await expect(page.locator("a.time-choice").first()).toBeVisible();
});
