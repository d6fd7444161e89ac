// Takes docs/screenshots/demo-page.png: the demo page mid-plan, in Debian's headless
// Chromium. Used by scripts/screenshots:  node screenshot_demo_page.mjs URL OUT.png
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, out] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "rill-shot-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.RILL_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"],
  locale: process.env.RILL_SHOT_LOCALE || "en-US",
  viewport: { width: 860, height: 560 },
  colorScheme: "light",
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(url);
  await page.fill("#input", "play Qingtian");
  await page.press("#input", "Enter");
  // Mid-plan: step 1 done, step 2 running, step 3 still pending.
  await page.waitForSelector('.step[data-step="2"][data-state="running"]', { timeout: 30000 });
  await page.locator("#input").blur();
  await page.screenshot({ path: out });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
