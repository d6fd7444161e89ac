// End-to-end test of Rill's browser demo page: a real `rill --serve` process and
// Debian's headless Chromium, driven by playwright-core.
//
//   RILL_BINARY=build/rill node tests/e2e/demo_page.test.mjs
//
// Exit 0: passed. 1: failed. 77: skipped because Chromium, playwright-core (run
// `npm ci` here) or RILL_BINARY is missing; with CI set in the environment, a
// missing piece is a failure instead.
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SKIP = 77;
const STEP_DELAY_MS = 300;
// Steps drawn "one after another" must arrive at least this far apart; a stream
// held back and flushed at the end would draw them within a few ms.
const MIN_GAP_MS = STEP_DELAY_MS / 2;
const TIMEOUT_MS = 15000;
const CHROMIUM = process.env.RILL_CHROMIUM || "/usr/bin/chromium";
// Without the background-networking flags Chromium keeps calling Google's hosts,
// which a closed CI network refuses.
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                       "--disable-background-networking", "--disable-component-update",
                       "--disable-sync", "--lang=en-US"];

function skip(reason) {
  if (process.env.CI) {
    console.error(`FAIL: ${reason} (CI is set, so this is not skipped)`);
    process.exit(1);
  }
  console.log(`SKIP: ${reason}`);
  process.exit(SKIP);
}

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
  console.log(`ok - ${what}`);
}

// Starts `rill --serve --port 0` and resolves with its URL, read from its log line.
function startServer(binary, extraArgs = []) {
  const child = spawn(binary, ["--serve", "--port", "0", "--step-delay", String(STEP_DELAY_MS),
                               ...extraArgs],
                      { stdio: ["ignore", "ignore", "pipe"] });
  const server = { child, log: "" };
  server.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("rill printed no URL in 10 s")), 10000);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      server.log += chunk;
      const match = server.log.match(/serving on (http:\/\/\S+\/)/);
      if (match && !server.url) {
        server.url = match[1];
        clearTimeout(timer);
        resolve(server.url);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`rill exited with ${code} before serving:\n${server.log}`));
    });
  });
  return server;
}

// Records in the page when each plan step's row is added, by a MutationObserver,
// so that the times are those of the page's own drawing.
function watchSteps() {
  window.__stepTimes = [];
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && node.matches(".step"))
          window.__stepTimes.push({ step: Number(node.dataset.step), t: performance.now() });
      }
    }
  }).observe(document.getElementById("log"), { childList: true, subtree: true });
}

async function send(page, text) {
  await page.fill("#input", text);
  await page.press("#input", "Enter");
}

async function testStreamedPlan(page) {
  await page.evaluate(watchSteps);
  await send(page, "我想听晴天");
  await page.waitForSelector('#status[data-state="done"]', { timeout: TIMEOUT_MS });
  const times = await page.evaluate(() => window.__stepTimes);
  check(times.map((entry) => entry.step).join(",") === "1,2,3",
        `three plan steps drawn in order (got ${JSON.stringify(times.map((e) => e.step))})`);
  const gaps = [times[1].t - times[0].t, times[2].t - times[1].t].map(Math.round);
  console.log(`# step gaps in the page: ${gaps.join(" ms, ")} ms (step delay ${STEP_DELAY_MS} ms)`);
  check(gaps.every((gap) => gap >= MIN_GAP_MS), `each step appeared >= ${MIN_GAP_MS} ms after the one before`);
  const states = await page.$$eval(".plan .step", (rows) => rows.map((row) => row.dataset.state));
  check(states.join(",") === "done,done,done", "all three steps done");
  const titles = await page.$$eval(".plan .step .title", (rows) => rows.map((row) => row.textContent));
  check(titles[0].startsWith("1. ") && titles[2].startsWith("3. "), `step titles ${JSON.stringify(titles)}`);
  const answers = await page.$$eval(".bubble.assistant", (nodes) => nodes.map((node) => node.textContent));
  check(answers.length === 2 && answers[1].includes("晴天"),
        `greeting and final answer drawn (${JSON.stringify(answers[1].slice(0, 40))}…)`);
  check(await page.isEnabled("#send") && !(await page.isEnabled("#stop")), "Send enabled, Stop disabled after done");
}

async function testStop(page, server) {
  await send(page, "play Qingtian");
  // Stop once the plan is under way: the first step of this run's plan is running.
  await page.waitForSelector('.plan:last-of-type .step[data-step="1"][data-state="running"]',
                             { timeout: TIMEOUT_MS });
  await page.click("#stop");
  await page.waitForSelector('#status[data-state="stopped"]', { timeout: TIMEOUT_MS });
  check((await page.textContent("#status")) === "stopped", "the server answered DELETE with 204: status 'stopped'");
  const health = await (await fetch(server.url + "health")).json();
  check(health.activeRuns === 0, `server reports no active run (activeRuns ${health.activeRuns})`);
  check(/DELETE \/chat 204/.test(server.log) && /run of \d+ events cancelled/.test(server.log),
        "server log shows the run cancelled by DELETE");
  const states = await page.$$eval(".plan:last-of-type .step", (rows) => rows.map((row) => row.dataset.state));
  check(states.includes("stopped") && states[2] === "stopped", `unfinished steps marked stopped (${states})`);
}

async function testError(page) {
  await send(page, "play Qingtian #fail");
  await page.waitForSelector('#status[data-state="error"]', { timeout: TIMEOUT_MS });
  const errors = await page.$$eval(".bubble.error", (nodes) => nodes.map((node) => node.textContent));
  check(errors.length === 1 && /status 500|failed|失败/i.test(errors[0]), `error event shown: ${JSON.stringify(errors[0])}`);
  check(await page.getAttribute('.plan:last-of-type .step[data-step="2"]', "data-state") === "failed",
        "step 2 marked failed");
  check((await page.textContent("#status")) === "ended with an error", "status says the run ended with an error");
}

// A TCP proxy in front of rill that cuts the first /chat stream after `cutAfter`
// events, the way a flaky network or an impatient proxy would.
function startCuttingProxy(target, cutAfter) {
  const proxy = { requests: [], cuts: 0 };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    let isStream = false;
    let events = 0;
    client.on("data", (chunk) => {
      const head = chunk.toString("latin1");
      if (head.startsWith("GET /chat?")) {
        isStream = true;
        proxy.requests.push(head.split("\r\n\r\n")[0]);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      client.write(chunk);
      if (!isStream || proxy.cuts > 0) return;
      events += (chunk.toString("utf8").match(/^data: /gm) || []).length;
      if (events >= cutAfter) {
        proxy.cuts += 1;
        client.destroy();
        upstream.destroy();
      }
    });
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  proxy.close = () => server.close();
  proxy.ready = new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    proxy.url = `http://127.0.0.1:${server.address().port}/`;
    resolve(proxy.url);
  }));
  return proxy;
}

async function testReconnect(context, server) {
  const proxy = startCuttingProxy(new URL(server.url), 2);
  try {
    await proxy.ready;
    const page = await context.newPage();
    await page.goto(proxy.url);
    await send(page, "play Qingtian");
    await page.waitForSelector('#status[data-state="done"]', { timeout: TIMEOUT_MS });
    const notices = await page.$$eval(".notice", (nodes) => nodes.map((node) => node.textContent));
    console.log(`# notices: ${JSON.stringify(notices)}`);
    check(proxy.cuts === 1 && notices.some((text) => text.startsWith("Connection lost; reconnecting")),
          "the cut stream shows as reconnecting");
    check(notices.some((text) => /^Reconnected; the server resumed after event \S+:\d+/.test(text)),
          "the page shows the reconnect and where the stream resumed");
    check(proxy.requests.length === 2 && /^last-event-id: \S+:\d+$/im.test(proxy.requests[1]),
          "the browser came back with Last-Event-ID");
    const states = await page.$$eval(".plan .step", (rows) => rows.map((row) => row.dataset.state));
    const answers = await page.$$eval(".bubble.assistant", (nodes) => nodes.length);
    check(states.join(",") === "done,done,done" && answers === 2,
          "the resumed run finished once: three steps done, greeting and answer not repeated");
    await page.close();
  } finally {
    proxy.close();
  }
}

// A thinking agent (tests/agents/scripts/test_agent.py --mode reasoning: two reasoning
// lines, a delta, the answer with stats) behind a second server.
async function testThinking(context, binary) {
  const script = fileURLToPath(new URL("../agents/scripts/test_agent.py", import.meta.url));
  const python = process.env.RILL_PYTHON || "python3";
  const server = startServer(binary, ["--agent", "process", "--agent-command",
                                      `"${python}" "${script}" --mode reasoning`]);
  try {
    await server.ready;
    const page = await context.newPage();
    await page.goto(server.url);
    await send(page, "think first");
    await page.waitForSelector('#status[data-state="done"]', { timeout: TIMEOUT_MS });
    const thought = await page.textContent("details.thinking .thought");
    check(thought === "First I weigh it, then **decide**.", `reasoning pieces in the block (${thought})`);
    const summary = await page.textContent("details.thinking summary");
    check(summary === "Thought for 1.5 s", `the block says how long it thought, as the server timed it (${summary})`);
    check(!(await page.getAttribute("details.thinking", "open") !== null), "closed once the answer came");
    check((await page.textContent(".bubble.assistant")) === "Yes.", "the answer below it");
    const stats = await page.textContent(".stats");
    check(stats === "5 ms to first token · ~30 tokens · 15 tokens/s · thought 1.5 s (estimated)",
          `the answer's stats under it (${stats})`);
    await page.close();
  } finally {
    server.child.kill();
  }
}

async function main() {
  const binary = process.env.RILL_BINARY;
  if (!binary || !existsSync(binary)) skip(`RILL_BINARY (${binary}) is not a rill binary`);
  if (!existsSync(CHROMIUM)) skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (error) {
    skip(`playwright-core is not installed (npm ci in tests/e2e): ${error.message}`);
  }

  const server = startServer(binary);
  const profile = mkdtempSync(join(tmpdir(), "rill-e2e-chromium-"));
  let context;
  try {
    await server.ready;
    console.log(`# rill serving on ${server.url}`);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: "en-US",
    });
    const page = context.pages()[0] ?? await context.newPage();
    const problems = [];
    page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(server.url);
    check((await page.title()).startsWith("Rill"), "demo page served at /");

    await testStreamedPlan(page);
    await testStop(page, server);
    await testError(page);
    await testReconnect(context, server);
    await testThinking(context, binary);
    check(problems.length === 0, `no script errors or CSP violations in the page ${JSON.stringify(problems)}`);
    console.log("PASS");
  } finally {
    await context?.close();
    server.child.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`FAIL: ${error.stack || error}`);
  process.exit(1);
});
