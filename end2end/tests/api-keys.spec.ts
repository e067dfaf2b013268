// An admin makes a key for an integration in the back office, sees it once, the integration
// reads the API with it, and a revoked key is refused at once. The API reference page is
// readable without scripts. Both projects: each makes its own key.
import { expect, test } from "@playwright/test";
import { signIn, watchConsole } from "./support";

test("an admin makes, uses and revokes an API key", async ({ page, request, javaScriptEnabled }) => {
  const errors = watchConsole(page);
  const name = javaScriptEnabled ? "CRM клиники" : "Агрегатор";
  await signIn(page, "admin@priyom.demo");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Ключи API" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ключи API" })).toBeVisible();

  // A key with nothing ticked is refused with the reason, and nothing is made.
  await page.getByLabel("Название (кто им пользуется)").fill(name);
  await page.getByRole("button", { name: "Создать ключ" }).click();
  await expect(page.getByText("Отметьте хотя бы одно разрешение.")).toBeVisible();

  await page.getByLabel("Название (кто им пользуется)").fill(name);
  await page.getByLabel("Читать каталог: клиники, услуги, специалисты").check();
  await page.getByLabel("Запросов в минуту").fill("50");
  await page.getByRole("button", { name: "Создать ключ" }).click();
  await expect(page.getByText("Ключ создан.")).toBeVisible();
  const secret = (await page.locator("code.secret").innerText()).trim();
  expect(secret).toMatch(/^pyk_[0-9a-f]{64}$/);
  const card = page.locator("li.card").filter({ hasText: name });
  await expect(card).toContainText(secret.slice(0, 12));
  await expect(card).toContainText("catalog:read");

  // The integration reads with it; a scope it lacks is refused.
  const clinics = await request.get("/api/v1/clinics", { headers: { "X-Api-Key": secret } });
  expect(clinics.status()).toBe(200);
  expect((await clinics.json()).items.length).toBeGreaterThan(0);
  const visits = await request.get("/api/v1/appointments", { headers: { "X-Api-Key": secret } });
  expect(visits.status()).toBe(403);
  expect(visits.headers()["content-type"]).toBe("application/problem+json");

  // Shown once: opening the page again shows only its first characters.
  await page.goto("/admin/api-keys");
  await expect(page.locator("code.secret")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  await page.locator("li.card").filter({ hasText: name }).getByRole("button", { name: "Отозвать" }).click();
  await expect(page.locator("li.card").filter({ hasText: name })).toContainText("Отозван");
  const refused = await request.get("/api/v1/clinics", { headers: { "X-Api-Key": secret } });
  expect(refused.status()).toBe(401);
  // The refused first try answers 400, which the browser logs; nothing else may appear.
  expect(errors.filter((e) => !e.includes("status of 400")), errors.join("\n")).toEqual([]);
});

test("the API reference is readable and its try-it forms send reads", async ({ page }) => {
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { level: 1, name: "Priyom API" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /post\s*\/api\/v1\/appointments$/i })).toBeVisible();
  const services = page.getByRole("heading", { name: /get\s*\/api\/v1\/services$/i });
  const form = page.locator("section.op").filter({ has: services }).locator("form");
  await form.getByLabel("clinic").fill("moskva-chistye-prudy");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/api\/v1\/services\?/);
  expect(await page.locator("body").innerText()).toContain("massage");
});
