// A manager adds a specialist; the person is public only after agreeing through the link sent
// to them. With e-mail off (as here) the admin reads the link on the outbox page and passes
// it on. Both projects: each adds its own person.
import { expect, test, type Page } from "@playwright/test";
import { signIn, watchConsole } from "./support";

/// The invitation link for `name`, as the admin finds it on the outbox page.
async function invitationLink(admin: Page, name: string): Promise<string> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await admin.goto("/admin/notifications?status=all");
    const row = admin.locator("tr").filter({ hasText: name }).filter({ hasText: "/specialist/invite?token=" });
    if ((await row.count()) > 0) {
      const found = /(\/specialist\/invite\?token=[0-9a-f]{64})/.exec(await row.first().innerText());
      if (found) return found[1];
    }
    await admin.waitForTimeout(500);
  }
  throw new Error(`no invitation for ${name} on the outbox page`);
}

test("a new specialist goes public only after agreeing by the invitation link", async ({ page, browser, javaScriptEnabled }, info) => {
  const errors = watchConsole(page);
  const name = javaScriptEnabled ? "Дарья Согласова" : "Марк Согласов";
  const phone = javaScriptEnabled ? "8 916 610-00-01" : "8 916 610-00-02";
  const email = `invite-${info.project.name}@example.ru`;

  await signIn(page, "manager@priyom.demo");
  await page.goto("/manage/specialists");
  const form = page.locator("#new-specialist");
  await form.locator("summary").click();
  await form.getByLabel("Фамилия, имя, отчество").fill(name);
  await form.getByLabel("Телефон").fill(phone);
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Должность", { exact: true }).fill("Массажист");
  await form.getByLabel("Должность по-английски").fill("Massage therapist");
  await form.getByRole("button", { name: "Добавить специалиста" }).click();
  const card = page.locator("article.manage-item").filter({ hasText: name });
  await expect(card.getByText("ждёт согласия специалиста")).toBeVisible();
  // The new card shows this person's (empty) profile, not a neighbour's.
  await expect(card.getByLabel("О себе по-английски")).toHaveValue("");
  await expect(card.getByLabel("Должность", { exact: true })).toHaveValue("Массажист");

  // Not public yet: the profile's page answers 404.
  const profile = await card.locator('a[href^="/specialists/"]').getAttribute("href");
  if (!profile) throw new Error("no public page link");
  const hidden = await page.goto(profile);
  expect(hidden?.status()).toBe(404);

  // The admin passes the link on; the person opens it in their own browser and agrees.
  const adminContext = await browser.newContext({ baseURL: new URL(page.url()).origin, locale: "ru-RU" });
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@priyom.demo");
  const link = await invitationLink(admin, name);
  await adminContext.close();

  const personContext = await browser.newContext({
    baseURL: new URL(page.url()).origin,
    locale: "ru-RU",
    javaScriptEnabled,
  });
  const person = await personContext.newPage();
  await person.goto(link);
  await expect(person.getByRole("heading", { level: 1, name: "Приглашение: профиль специалиста" })).toBeVisible();
  await expect(person.getByText(name)).toBeVisible();
  if (javaScriptEnabled) await expect(person.locator("body")).toHaveAttribute("data-hydrated", "true");
  await person.getByRole("button", { name: "Согласен, опубликовать профиль" }).click();
  await expect(person.getByText("Профиль опубликован")).toBeVisible();
  // The link works once.
  await person.goto(link);
  await expect(person.getByText("Ссылка недействительна")).toBeVisible();
  await personContext.close();

  const shown = await page.goto(profile);
  expect(shown?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  expect(errors.filter((e) => !e.includes("status of 4")), errors.join("\n")).toEqual([]);
});
