// Browser half of the end-to-end test (run by run_e2e.py with the scenario as JSON).
//
// A household member on the basic trust tier previews "open the garage door" in the card
// and asks for it; the policy holds it for approval. The owner sees it arrive live in
// their own card, asks for a plan that is scheduled, one that starts and then waits, and
// one that cannot be carried out, and the card's visible text is checked for each: what
// the plan waits for, which step it is at, why it is not possible, never a code. At
// phone width (360 px) nothing is wider than the screen; that view is the README's
// screenshot. Then the owner approves the member's plan, and both watch it complete.
// Last, the card's visual editor renders with Home Assistant's ha-form. Screenshots go
// to the artifacts folder.
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(new URL("../../frontend/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const scenario = JSON.parse(process.argv[2]);
const INTENT = "open the garage door";
// Later than now at any hour: the plan waits, scheduled.
const SCHEDULED = "turn on the kitchen lights in 2 hours";
// The lights at once, the dishwasher in the cheapest hours of the night: the plan runs
// and then waits. "Tomorrow" keeps the cheapest hours ahead even between 3 and 7 am.
const RUNNING =
  "turn on the kitchen lights and run the dishwasher when power is cheapest before 7am tomorrow";
// The demo home has no charger.
const IMPOSSIBLE = "charge the car when power is cheapest";
const PHONE = { width: 360, height: 780 };
// Words joined by "_" or ":" (guardrail, scope, rule and step codes).
const CODE = /\b[a-z]+(?:[_:][a-z]+)+\b/;
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

function oneLine(text) {
  return text.replace(/\s+/g, " ").trim();
}

async function openDashboard(browser, tokens, who, viewport = { width: 900, height: 1500 }) {
  const context = await browser.newContext({ viewport });
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

function planOf(view, intent) {
  return view.card.locator("article.plan").filter({
    has: view.page.locator(".intent", { hasText: intent }),
  });
}

/** Types `intent` into the card's box, previews it, then asks for it. */
async function askFor(view, intent) {
  await view.card.locator("input#intent").fill(intent);
  await view.card.locator('button[data-action="preview"]').click();
  const preview = view.card.locator(".preview-result");
  await preview.locator(".summary").waitFor({ timeout: 30_000 });
  await preview.locator('button[data-action="create"]').click();
  await preview.waitFor({ state: "detached", timeout: 30_000 });
  const plan = planOf(view, intent);
  await plan.waitFor({ timeout: 30_000 });
  return plan;
}

/** What a person sees of a plan: its status, progress line and summary. */
async function seen(plan) {
  const part = async (selector) =>
    (await plan.locator(selector).count()) > 0
      ? oneLine(await plan.locator(selector).first().innerText())
      : "";
  return {
    status: await part(".status"),
    progress: await part(".progress"),
    summary: await part(".summary"),
    all: oneLine(await plan.innerText()),
  };
}

function expectSeen(what, actual, expected) {
  for (const [field, pattern] of Object.entries(expected)) {
    check(
      pattern.test(actual[field]),
      `${what}: ${field} ${JSON.stringify(actual[field])} does not match ${pattern}`,
    );
  }
  const code = actual.all.match(CODE);
  check(code === null, `${what} shows a code, ${code?.[0]}: ${actual.all}`);
}

/** Fails when anything in the card reaches past its right edge or it scrolls sideways. */
async function checkNoOverflow(card) {
  const found = await card.evaluate((element) => {
    const root = element.shadowRoot;
    const frame = root.querySelector("ha-card").getBoundingClientRect();
    const wider = [...root.querySelectorAll("*")]
      .filter((node) => {
        const box = node.getBoundingClientRect();
        return box.width > 0 && (box.right > frame.right + 0.5 || box.left < frame.left - 0.5);
      })
      .map((node) => `${node.localName}.${[...node.classList].join(".")}`);
    return {
      wider,
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      frameRight: frame.right,
    };
  });
  check(
    found.wider.length === 0,
    `wider than the card at ${found.viewport} px: ${found.wider.slice(0, 10).join(", ")}`,
  );
  check(
    found.page <= found.viewport && found.frameRight <= found.viewport,
    `the page scrolls sideways at ${found.viewport} px (${found.page} px wide)`,
  );
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
  expectSeen("the member's waiting plan", await seen(pending), {
    status: /^Waiting for approval$/,
    progress: /^It waits for the approval of a trusted member, to .*open a garage door\.$/,
  });

  // The owner sees it waiting for them, on a phone.
  const owner = await openDashboard(browser, scenario.owner, "owner", PHONE);
  const ownersPlan = owner.card.locator(`article[data-plan-id="${planId}"]`);
  await ownersPlan.and(owner.card.locator('[data-status="pending_approval"]')).waitFor({
    timeout: 30_000,
  });
  const ownerSteps = await ownersPlan.locator("li.step").allInnerTexts();
  check(ownerSteps.length > 0, "the owner's card shows no steps");
  expectSeen("the owner's waiting plan", await seen(ownersPlan), {
    status: /^Waiting for approval$/,
    progress: /^It waits for your approval, to .*open a garage door\.$/,
  });

  // A plan for later, one under way, and one that cannot be carried out.
  const scheduled = await askFor(owner, SCHEDULED);
  await scheduled.and(owner.card.locator('[data-status="scheduled"]')).waitFor();
  expectSeen("the scheduled plan", await seen(scheduled), {
    status: /^Scheduled$/,
    progress: /^Starts at .*\d\d:\d\d/,
    summary: /Kitchen Lights at \d\d:\d\d/,
  });
  const running = await askFor(owner, RUNNING);
  await running.and(owner.card.locator('[data-status="running"]')).waitFor();
  expectSeen("the running plan", await seen(running), {
    status: /^Running$/,
    // "Step n of m" where the backend reports each step's state.
    progress: /^(Step [1-3] of 3 · )?(Next step at|Wait until|Waiting until) .*\d\d:\d\d/,
    summary: /Dishwasher at \d\d:\d\d/,
  });
  const impossible = await askFor(owner, IMPOSSIBLE);
  await impossible.and(owner.card.locator('[data-status="infeasible"]')).waitFor();
  expectSeen("the plan that cannot be carried out", await seen(impossible), {
    status: /^Not possible$/,
    summary: /^Nothing was planned: There is no ev charger in this home\.$/i,
  });
  // Finished plans open on request; then every part of every plan is on the screen.
  await impossible.locator('button[data-action="toggle"]').click();
  await impossible.locator(".details").waitFor();
  await checkNoOverflow(owner.card);
  const allText = oneLine(await owner.card.locator("ha-card").innerText());
  const code = allText.match(CODE);
  check(code === null, `the card shows a code, ${code?.[0]}: ${allText}`);
  // The README's picture: the plans at a glance, details closed.
  for (const plan of [ownersPlan, scheduled, running, impossible]) {
    await plan.locator('button[data-action="toggle"]').click();
  }
  await owner.card.locator(".details").first().waitFor({ state: "detached" });
  await checkNoOverflow(owner.card);
  // A screen as tall as the card: nothing scrolls under Home Assistant's top bar.
  const height = await owner.card.evaluate((element) => element.offsetHeight);
  await owner.page.setViewportSize({ width: PHONE.width, height: height + 200 });
  await owner.card.locator("ha-card").screenshot({
    path: join(scenario.artifacts, "e2e-card-phone.png"),
  });
  console.log("e2e: waiting, scheduled, running and impossible plans read as expected at 360 px");

  // The owner approves and watches it complete; so does the member.
  await ownersPlan.locator('button[data-action="approve"]').click();
  const done = owner.card.locator(`article[data-plan-id="${planId}"][data-status="completed"]`);
  await done.waitFor({ timeout: 90_000 });
  await member.card
    .locator(`article[data-plan-id="${planId}"][data-status="completed"]`)
    .waitFor({ timeout: 30_000 });

  // Open the finished plan and keep a picture of the owner's card at desktop width.
  await owner.page.setViewportSize({ width: 900, height: 1500 });
  // (Its details were closed while it waited; a finished plan shows them then.)
  const toggle = done.locator('button[data-action="toggle"]');
  if ((await toggle.getAttribute("aria-expanded")) === "false") {
    await toggle.click();
  }
  await done.locator("li.step").first().waitFor();
  await owner.card.locator("ha-card").screenshot({
    path: join(scenario.artifacts, "e2e-card.png"),
  });
  console.log(`e2e: plan ${planId} previewed, approved and completed`);

  // The visual editor, as the card editor shows it: Home Assistant's ha-form with the
  // card's fields and labels.
  await owner.page.evaluate(async () => {
    const card = customElements.get("orchestration-plan-card");
    const editor = card.getConfigElement();
    editor.hass = document.querySelector("home-assistant").hass;
    editor.setConfig({ type: "custom:orchestration-plan-card", ...card.getStubConfig() });
    editor.style.cssText = "position:fixed;inset:0;z-index:10;padding:16px;background:white";
    document.body.appendChild(editor);
  });
  const editor = owner.page.locator("orchestration-plan-card-editor");
  for (const label of ["Title", "Show recent plans", "Number of recent plans"]) {
    await editor.getByText(label, { exact: true }).first().waitFor({ timeout: 15_000 });
  }
  await owner.page.screenshot({ path: join(scenario.artifacts, "e2e-editor.png") });
} finally {
  await browser.close();
}
