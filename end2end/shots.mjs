// Ad-hoc: screenshots of the back-office pages (not part of the suite).
import { chromium } from "@playwright/test";
const base = process.env.BASE ?? "http://127.0.0.1:3000";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await (await browser.newContext({ locale: "ru-RU", viewport: { width: 1280, height: 900 } })).newPage();
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
page.on("pageerror", (e) => errors.push(e.message));
async function signIn(login) {
  await page.goto(base + "/signin");
  await page.locator("body[data-hydrated=true]").waitFor();
  await page.getByLabel("Телефон или e-mail").fill(login);
  await page.getByLabel("Пароль").fill("priyom-demo-2026");
  await page.getByRole("button", { name: "Войти" }).click();
  await page.getByRole("heading", { level: 1, name: "Личный кабинет" }).waitFor();
}
await signIn("admin@priyom.demo");
for (const [name, path] of [["clinics", "/manage/clinics"], ["specialists", "/manage/specialists"], ["pages", "/manage/pages"], ["page-edit", "/manage/pages/edit?slug=about&lang=ru"], ["board", "/frontdesk"]]) {
  await page.goto(base + path);
  await page.locator("body[data-hydrated=true]").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: name !== "specialists" && name !== "clinics" });
}
// A visit card and its move page.
await page.goto(base + "/frontdesk");
const visit = page.locator("a[href^='/frontdesk/visits/']").first();
const href = await visit.getAttribute("href");
if (href) {
  await page.goto(base + href);
  await page.screenshot({ path: "/tmp/shots/visit.png" });
  const move = page.getByRole("link", { name: "Перенести" });
  if (await move.count()) {
    await move.click();
    await page.locator("a.calendar-day").first().click();
    await page.locator("a.time-choice").first().click();
    await page.screenshot({ path: "/tmp/shots/move.png", fullPage: true });
  }
}
console.log("console errors:", errors);
await browser.close();
