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
