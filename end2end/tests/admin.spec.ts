import { expect, test, type Page } from "@playwright/test";

async function signIn(page: Page, login: string, jsEnabled: boolean) {
  await page.goto("/signin");
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Телефон или e-mail").fill(login);
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();
}

test("staff without the admin role get a 403 page", async ({ page, javaScriptEnabled }) => {
  await signIn(page, "manager@priyom.demo", javaScriptEnabled);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Нет доступа" })).toBeVisible();
});

test("an admin finds a patient and grants a role", async ({ page, javaScriptEnabled }) => {
  // Each project grants a different role: both run against one server.
  const role = javaScriptEnabled ? "Специалист" : "Управляющий клиникой";
  await signIn(page, "admin@priyom.demo", javaScriptEnabled);
  await page.getByRole("link", { name: "Администрирование" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Пользователи и роли" })).toBeVisible();
  await page.getByLabel("Имя, телефон или e-mail").fill("белова");
  await page.getByRole("button", { name: "Найти" }).click();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Ирина Павловна Белова" }) });
  await expect(card).toBeVisible();
  await expect(card.getByText("+7 900 000-00-01")).toBeVisible();
  if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await card.getByLabel("Роль").selectOption({ label: role });
  if (!javaScriptEnabled) await card.getByLabel("Клиника").selectOption({ label: "Приём на Петроградской" });
  await card.getByRole("button", { name: "Выдать" }).click();
  await expect(card.getByRole("button", { name: new RegExp(`Снять: ${role}`) })).toBeVisible();
});
