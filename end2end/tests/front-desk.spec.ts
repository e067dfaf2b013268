import { expect, test, type Page } from "@playwright/test";
import { localDate, openDayFrom, watchConsole } from "./support";

async function ready(page: Page, jsEnabled: boolean) {
  if (jsEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("an operator books a caller from the day board", async ({ page, javaScriptEnabled }) => {
  const errors = watchConsole(page);
  // Each project books its own caller on its own day, a week apart: the first day from 9 (or
  // 16) days ahead on which the clinic has free time for the service, as the calendar shows.
  const caller = javaScriptEnabled ? ["Фёкла Звонова", "8 916 600-00-01"] : ["Фрол Звонов", "8 916 600-00-02"];
  const date = await openDayFrom(page, "massage-back", "moskva-chistye-prudy", localDate(javaScriptEnabled ? 9 : 16));

  await page.goto("/signin");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Телефон или e-mail").fill("manager@priyom.demo");
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Личный кабинет" })).toBeVisible();

  await page.getByRole("link", { name: "Регистратура" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Регистратура/ })).toBeVisible();
  await ready(page, javaScriptEnabled);
  await expect(page.getByRole("region", { name: /Чистых прудах/ })).toBeVisible();
  await page.getByRole("link", { name: "Записать звонящего" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Записать звонящего" })).toBeVisible();
  await ready(page, javaScriptEnabled);

  await page.getByLabel("Услуга").selectOption("massage-back");
  await page.getByLabel("Дата").fill(date);
  await page.getByRole("button", { name: "Показать свободное время" }).click();
  // Specialists of the service at the clinic now fill the list.
  await expect(page.getByRole("group", { name: "Свободное время" })).toBeVisible();
  await page.getByRole("group", { name: "Свободное время" }).locator("label").first().click();
  await page.getByLabel("Имя и фамилия").fill(caller[0]);
  await page.getByLabel("Телефон", { exact: true }).fill(caller[1]);
  await page.getByRole("button", { name: "Записать", exact: true }).click();
  await expect(page.getByText("Без согласия пациента записать нельзя.")).toBeVisible();

  if (!(await page.getByLabel("Имя и фамилия").inputValue())) {
    await page.getByRole("group", { name: "Свободное время" }).locator("label").first().click();
    await page.getByLabel("Имя и фамилия").fill(caller[0]);
    await page.getByLabel("Телефон", { exact: true }).fill(caller[1]);
  }
  await page.getByLabel(/согласие на обработку персональных данных по телефону/).check();
  await page.getByRole("button", { name: "Записать", exact: true }).click();
  await expect(page.getByText("Пациент записан.")).toBeVisible();
  await expect(page.getByText(caller[0])).toBeVisible();

  // The visit is on that day's board; confirming it from the card changes its status.
  await page.getByRole("link", { name: "← К расписанию дня" }).click();
  const block = page.locator(".board-visit").filter({ hasText: caller[0] });
  await expect(block).toBeVisible();
  await block.getByRole("link").click();
  const confirm = page.getByRole("button", { name: "Подтвердить" });
  if (await confirm.count()) {
    await confirm.click();
    await expect(page.getByText("Статус изменён.")).toBeVisible();
  }
  await expect(page.getByText("подтверждён").first()).toBeVisible();
  // The refused first try answers 400 on purpose.
  expect(errors.filter((e) => !e.includes("status of 4")), errors.join("\n")).toEqual([]);
});
