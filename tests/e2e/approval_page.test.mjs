// End-to-end test of a tool call's approval on the demo page: a real
// `rill --serve --agent openai --mcp-config`, the stand-in LLM
// (tests/peers/fake_openai.py, its "summarize FILE" script), the real
// filesystem MCP server from npm on a temporary folder, and Debian's headless
// Chromium driven by playwright-core. The page shows Allow / Always / Deny
// under the waiting step; a click answers over POST /chat/approval.
//
//   RILL_BINARY=build/rill node tests/e2e/approval_page.test.mjs
//
// Exit 0: passed. 1: failed. 77: skipped (Chromium, playwright-core, python3,
// the npm MCP server or RILL_BINARY missing); with CI set, a failure instead.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SKIP = 77;
const TIMEOUT_MS = 20000;
const CHROMIUM = process.env.RILL_CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                       "--disable-background-networking", "--disable-component-update",
                       "--disable-sync", "--lang=en-US"];
const SOURCE = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FILESYSTEM = join(SOURCE, "tests/mcp/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
const PYTHON = process.env.RILL_PYTHON || "/usr/bin/python3";

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

// Starts `command` and resolves with the first match of `pattern` in what it
// writes on `stream` ("stdout" or "stderr").
function startChild(command, args, stream, pattern) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const started = { child, log: "" };
  started.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} said nothing in 15 s:\n${started.log}`)), 15000);
    child[stream].setEncoding("utf8");
    child[stream].on("data", (chunk) => {
      started.log += chunk;
      const match = started.log.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${started.log}`));
    });
  });
  return started;
}

async function ask(page, text) {
  await page.fill("#input", text);
  await page.press("#input", "Enter");
  const row = '.plan:last-of-type .step[data-step="1"]';
  await page.waitForSelector(`${row}[data-state="waiting"] .approval button.allow`, { timeout: TIMEOUT_MS });
  check((await page.textContent(`${row} .approval .question`)).includes("read_text_file (files)"),
        "the waiting step asks about read_text_file of the files server");
  check(await page.textContent("#status") === "waiting for your answer", "the status line says it waits");
  return row;
}

async function main() {
  const binary = process.env.RILL_BINARY;
  if (!binary || !existsSync(binary)) skip(`RILL_BINARY (${binary}) is not a rill binary`);
  if (!existsSync(CHROMIUM)) skip(`no Chromium at ${CHROMIUM}`);
  if (!existsSync(PYTHON)) skip(`no Python at ${PYTHON}`);
  if (!existsSync(FILESYSTEM)) skip("server-filesystem is not installed (npm ci --prefix tests/mcp)");
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (error) {
    skip(`playwright-core is not installed (npm ci in tests/e2e): ${error.message}`);
  }

  const dir = mkdtempSync(join(tmpdir(), "rill-e2e-approval-"));
  const notes = join(dir, "notes");
  mkdirSync(notes);
  const file = join(notes, "groceries.md");
  writeFileSync(file, "buy milk\nand bread\n");
  writeFileSync(join(dir, "mcp.json"), JSON.stringify({ mcpServers: { files: {
    command: "node", args: [FILESYSTEM, notes] } } }));
  const llm = startChild(PYTHON, [join(SOURCE, "tests/peers/fake_openai.py"), "--port", "0",
                                  "--delay", "0.01"], "stdout", /LISTENING (\d+)/);
  let rill;
  let context;
  try {
    const [, llmPort] = await llm.ready;
    rill = startChild(binary, ["--serve", "--port", "0", "--agent", "openai", "--llm-url",
                               `http://127.0.0.1:${llmPort}`, "--mcp-config", join(dir, "mcp.json")],
                      "stderr", /serving on (http:\/\/\S+\/)[\s\S]*\[files\] ready/);
    const [, url] = await rill.ready;
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: "en-US",
    });
    const page = context.pages()[0] ?? await context.newPage();
    const problems = [];
    page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(url);

    let row = await ask(page, `summarize ${file}`);
    await page.click(`${row} .approval button.allow`);
    await page.waitForSelector(`${row}[data-state="done"]`, { timeout: TIMEOUT_MS });
    check(await page.$(`${row} .approval`) === null, "Allow: the buttons went when the step ran");
    check((await page.textContent(`${row} details.tool .result`)).includes("buy milk"),
          "the step's result is the file's text");
    await page.waitForSelector('#status[data-state="done"]', { timeout: TIMEOUT_MS });
    if (process.env.RILL_E2E_SCREENSHOT) await page.screenshot({ path: process.env.RILL_E2E_SCREENSHOT });

    row = await ask(page, `summarize ${file}`);
    await page.click(`${row} .approval button.deny`);
    await page.waitForSelector(`${row}[data-state="failed"]`, { timeout: TIMEOUT_MS });
    check((await page.textContent(`${row} details.tool .result`)) === "The user denied this call",
          "Deny: the step failed with the denial as its result");
    await page.waitForSelector('#status[data-state="done"]', { timeout: TIMEOUT_MS });
    check(problems.length === 0, `no script errors or CSP violations in the page ${JSON.stringify(problems)}`);
    console.log("PASS");
  } finally {
    await context?.close();
    rill?.child.kill();
    llm.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`FAIL: ${error.stack || error}`);
  process.exit(1);
});
