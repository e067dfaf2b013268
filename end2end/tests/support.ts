import { expect, type Page } from "@playwright/test";

/// Collects console errors and CSP violations so a broken hydration fails the test.
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}


/// The clinic-local date (Moscow and Saint Petersburg share a zone) `days` from now.
export function localDate(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return at.toLocaleDateString("sv-SE", { timeZone: "Europe/Moscow" });
}

/// The first free day on or after `min` (YYYY-MM-DD) in the booking calendar open on `page`,
/// looking into the next month if needed. Tests pick dates this way, never by counting days:
/// the clinic is closed on some weekdays, and "nine days ahead" is a Sunday on a Friday.
export async function freeDayFrom(page: Page, min: string) {
  for (let month = 0; month < 2; month++) {
    await expect(page.locator("a.calendar-day").first()).toBeVisible();
    const days = page.locator("a.calendar-day");
    const count = await days.count();
    for (let k = 0; k < count; k++) {
      const date = await days.nth(k).getAttribute("data-date");
      if (date && date >= min) return days.nth(k);
    }
    await page.getByRole("link", { name: "Следующий месяц →" }).click();
    await page.waitForURL(/month=/);
  }
  throw new Error(`no free day from ${min}`);
}

/// The date (YYYY-MM-DD) of the first day on or after `min` on which `service` has free time
/// with any specialist at `clinic`, as the public booking calendar shows it.
export async function openDayFrom(page: Page, service: string, clinic: string, min: string): Promise<string> {
  await page.goto(`/book?service=${service}&clinic=${clinic}&specialist=any`);
  const day = await freeDayFrom(page, min);
  const date = await day.getAttribute("data-date");
  if (!date) throw new Error("a free calendar day without a date");
  return date;
}

/// Signs in with a demo account (they share one password) and waits for the cabinet.
export async function signIn(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByLabel("Телефон или e-mail").fill(login);
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();
}

/// `+7 916 100-00-01` for a Russian number typed in any way, as the app writes numbers.
export function phoneLabel(typed: string): string {
  const digits = typed.replace(/\D/g, "");
  const n = digits.slice(-10);
  return `+7 ${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8, 10)}`;
}

/// The code of the newest SMS to `phone`, read as the clinic's admin does when no SMS
/// provider is configured: on the outbox page, in a browser of its own.
export async function smsCode(page: Page, phone: string): Promise<string> {
  const origin = new URL(page.url()).origin;
  const context = await page.context().browser()!.newContext({ baseURL: origin, locale: "ru-RU" });
  try {
    const admin = await context.newPage();
    await signIn(admin, "admin@priyom.demo");
    for (let attempt = 0; attempt < 20; attempt++) {
      await admin.goto("/admin/notifications?status=all");
      const row = admin.locator("tr").filter({ hasText: phoneLabel(phone) }).filter({ hasText: /код \d{6}/ });
      if ((await row.count()) > 0) {
        const text = await row.first().innerText();
        const found = /код (\d{6})/.exec(text);
        if (found) return found[1];
      }
      await admin.waitForTimeout(500);
    }
    throw new Error(`no code SMS to ${phone} on the outbox page`);
  } finally {
    await context.close();
  }
}

/// Registers as a person does: the phone gets a code, the code and the details make the
/// account. Ends on the cabinet.
export async function register(page: Page, who: { name: string; phone: string; password: string }, jsEnabled: boolean) {
  await page.goto("/register");
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Телефон", { exact: true }).fill(who.phone);
  await page.getByRole("button", { name: "Получить код" }).click();
  await expect(page.getByText("Мы отправили SMS на номер")).toBeVisible();
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Код из SMS").fill(await smsCode(page, who.phone));
  await page.getByLabel("Имя и фамилия").fill(who.name);
  await page.getByLabel("Пароль").fill(who.password);
  await page.getByRole("checkbox", { name: /согласие на обработку/ }).check();
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();
}
