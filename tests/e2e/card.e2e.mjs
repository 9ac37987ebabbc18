// Browser half of the end-to-end test (run by run_e2e.py with the scenario as JSON).
//
// A household member on the basic trust tier previews "open the garage door" in the card
// and asks for it; the policy holds it for approval. The owner sees it arrive live in
// their own card, approves it, and both cards show it completed. Screenshots go to the
// artifacts folder.
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(new URL("../../frontend/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const scenario = JSON.parse(process.argv[2]);
const INTENT = "open the garage door";
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function openDashboard(browser, tokens, who) {
  const context = await browser.newContext({ viewport: { width: 900, height: 1500 } });
  await context.addInitScript((saved) => {
    window.localStorage.setItem("hassTokens", JSON.stringify(saved));
  }, tokens);
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") {
      console.error(`[${who} console] ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => console.error(`[${who} page] ${error.message}`));
  await page.goto(`${scenario.base}${scenario.dashboard}`);
  const card = page.locator("orchestration-plan-card");
  await card.locator(".card-header").waitFor({ timeout: 90_000 });
  return { page, card };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: LAUNCH_ARGS,
});
try {
  // The member previews the intent: nothing runs yet.
  const member = await openDashboard(browser, scenario.member, "member");
  await member.card.locator("input#intent").fill(INTENT);
  await member.card.locator('button[data-action="preview"]').click();
  const preview = member.card.locator(".preview-result");
  await preview.locator("li.step").first().waitFor({ timeout: 30_000 });
  const previewText = await preview.innerText();
  check(/garage door/i.test(previewText), `preview does not mention the garage door:\n${previewText}`);
  await member.page.screenshot({ path: join(scenario.artifacts, "e2e-preview.png") });

  // ...then asks for it: the policy holds it until someone trusted approves.
  await member.card.locator('button[data-action="create"]').click();
  const pending = member.card.locator('article[data-status="pending_approval"]').first();
  await pending.waitFor({ timeout: 30_000 });
  const planId = await pending.getAttribute("data-plan-id");
  check(
    (await pending.locator('button[data-action="approve"]').count()) === 0,
    "the member may not approve, yet sees Approve",
  );
  check(
    (await pending.locator('button[data-action="cancel"]').count()) === 1,
    "the member asked for the plan, yet sees no Cancel",
  );

  // The owner sees it waiting, approves, and watches it complete.
  const owner = await openDashboard(browser, scenario.owner, "owner");
  const ownersPlan = owner.card.locator(`article[data-plan-id="${planId}"]`);
  await ownersPlan.and(owner.card.locator('[data-status="pending_approval"]')).waitFor({
    timeout: 30_000,
  });
  const ownerSteps = await ownersPlan.locator("li.step").allInnerTexts();
  check(ownerSteps.length > 0, "the owner's card shows no steps");
  await ownersPlan.locator('button[data-action="approve"]').click();
  const done = owner.card.locator(`article[data-plan-id="${planId}"][data-status="completed"]`);
  await done.waitFor({ timeout: 90_000 });
  await member.card
    .locator(`article[data-plan-id="${planId}"][data-status="completed"]`)
    .waitFor({ timeout: 30_000 });

  // Open the finished plan and keep a picture of the owner's card.
  await done.locator('button[data-action="toggle"]').click();
  await done.locator("li.step").first().waitFor();
  await owner.card.locator("ha-card").screenshot({
    path: join(scenario.artifacts, "e2e-card.png"),
  });
  console.log(`e2e: plan ${planId} previewed, approved and completed`);
} finally {
  await browser.close();
}
