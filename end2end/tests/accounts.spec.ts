import { expect, test, type Page } from "@playwright/test";
import { phoneLabel, register, smsCode, watchConsole } from "./support";

async function ready(page: Page, jsEnabled: boolean) {
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("register, sign out and sign in again", async ({ page, javaScriptEnabled }) => {
  const errors = watchConsole(page);
  // Each project gets its own person: both run against one server.
  const phone = javaScriptEnabled ? "8 916 100-00-01" : "8 916 100-00-02";
  const name = javaScriptEnabled ? "Ольга Смирнова" : "Павел Орлов";
  const password = "лето на даче 2026";

  await page.goto("/");
  await ready(page, javaScriptEnabled);
  await page.getByRole("link", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Вход" })).toBeVisible();
  await page.getByRole("link", { name: "Зарегистрироваться" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Регистрация" })).toBeVisible();
  await ready(page, javaScriptEnabled);

  // First the phone: a short number is explained beside the field.
  await page.getByLabel("Телефон", { exact: true }).fill("8 916 12");
  await page.getByRole("button", { name: "Получить код" }).click();
  await expect(page.getByText("В номере не хватает цифр")).toBeVisible();
  await page.getByLabel("Телефон", { exact: true }).fill(phone);
  await page.getByRole("button", { name: "Получить код" }).click();
  await expect(page.getByText("Мы отправили SMS на номер")).toBeVisible();
  await expect(page.getByText(phoneLabel(phone))).toBeVisible();
  await ready(page, javaScriptEnabled);

  // Then the code and the details; mistakes are explained beside the fields they concern.
  await page.getByLabel("Код из SMS").fill("000000");
  await page.getByLabel("Имя и фамилия").fill(name);
  await page.getByLabel("Пароль").fill("qwerty123");
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await expect(page.getByText("Этот пароль слишком распространён")).toBeVisible();
  await expect(page.getByText("Отметьте согласие на обработку персональных данных")).toBeVisible();
  if (javaScriptEnabled) {
    // Submitted in place: what was typed stays.
    await expect(page.getByLabel("Имя и фамилия")).toHaveValue(name);
    await expect(page.getByLabel("Пароль")).toHaveAttribute("aria-invalid", "true");
  }

  await page.getByLabel("Код из SMS").fill(await smsCode(page, phone));
  await page.getByLabel("Имя и фамилия").fill(name);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("checkbox", { name: /согласие на обработку/ }).check();
  await page.getByRole("button", { name: "Создать аккаунт" }).click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();
  await expect(page.getByText(name)).toBeVisible();
  await expect(page.getByText("Пациент")).toBeVisible();

  await page.getByRole("button", { name: "Выйти", exact: true }).click();
  await expect(page.getByRole("link", { name: "Войти" })).toBeVisible();

  // The cabinet needs an account and returns you there after signing in.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?next=/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Телефон или e-mail").fill(phone);
  await page.getByLabel("Пароль").fill("не тот пароль");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("alert")).toContainText("Неверный телефон, e-mail или пароль.");

  await page.getByLabel("Телефон или e-mail").fill(phone);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(name)).toBeVisible();
  expect(errors.filter((e) => !e.includes("status of 4")), errors.join("\n")).toEqual([]);
});

test("a signed-in user changes the password", async ({ page, javaScriptEnabled }) => {
  // A fresh account per project: the demo accounts are signed in by other tests meanwhile.
  const phone = javaScriptEnabled ? "8 916 100-00-11" : "8 916 100-00-12";
  const name = javaScriptEnabled ? "Вера Паролева" : "Глеб Паролев";
  await register(page, { name, phone, password: "priyom-demo-2026" }, javaScriptEnabled);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Текущий пароль").fill("priyom-demo-2026");
  await page.getByLabel("Новый пароль").fill("priyom-demo-2026-new");
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Пароль изменён" })).toBeVisible();
});
