// Rill's demo page: one EventSource per message on GET /chat, each event drawn as it
// arrives. Served by Rill itself, so every URL here is relative (same origin, and it
// keeps working behind a reverse proxy that mounts Rill under a path).
"use strict";

const log = document.getElementById("log");
const form = document.getElementById("form");
const input = document.getElementById("input");
const sendButton = document.getElementById("send");
const stopButton = document.getElementById("stop");
const statusLine = document.getElementById("status");

// The page names its session itself, so that Stop can reach the run even before
// the first event has arrived.
const sessionId = newSessionId();
let source = null;
let run = null; // per message: { startedAt, plan, live, thinking, sawError, reconnects, lastEventId }

function newSessionId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function add(node) {
  log.appendChild(node);
  node.scrollIntoView({ block: "nearest" });
  return node;
}

function bubble(kind, text) { return add(element("div", "bubble " + kind, text)); }

// The agents answer in a little Markdown: paragraphs, "- " lists and **bold**. Built
// from DOM nodes (never innerHTML), so an answer cannot inject markup.
function inline(parent, text) {
  text.split(/\*\*(.+?)\*\*/).forEach((part, i) => {
    if (part) parent.append(i % 2 ? element("strong", "", part) : document.createTextNode(part));
  });
}

function renderMarkdown(target, markdown) {
  target.replaceChildren();
  for (const block of String(markdown).split(/\n{2,}/)) {
    const lines = block.split("\n");
    if (lines.every((line) => line.startsWith("- "))) {
      const list = element("ul");
      for (const line of lines) inline(list.appendChild(element("li")), line.slice(2));
      target.append(list);
    } else {
      inline(target.appendChild(element("p")), block);
    }
  }
}

function answer(markdown) {
  const node = bubble("assistant markdown");
  renderMarkdown(node, markdown);
  return node;
}
function notice(text, isError) { return add(element("p", isError ? "notice error" : "notice", text)); }

function setStatus(state, text) {
  statusLine.dataset.state = state;
  statusLine.textContent = text;
}

function setRunning(on) {
  sendButton.disabled = on;
  stopButton.disabled = !on;
}

function elapsed() { return Math.round(performance.now() - run.startedAt); }

function planCard() {
  if (!run.plan) {
    const card = element("section", "plan");
    card.setAttribute("aria-label", "Plan");
    const heading = element("h2");
    heading.append(element("span", "", "Plan"), element("span", "progress"));
    card.append(heading, element("ol"));
    run.plan = add(card);
  }
  return run.plan;
}

function stepRow(index) {
  const card = planCard();
  let row = card.querySelector(`.step[data-step="${index}"]`);
  if (!row) {
    row = element("li", "step");
    row.dataset.step = index;
    const mark = element("span", "mark");
    mark.setAttribute("aria-hidden", "true");
    row.append(mark, element("span", "title", `${index}.`), element("span", "detail"),
               element("span", "state visually-hidden"));
    card.querySelector("ol").appendChild(row);
    setStepState(row, "pending");
  }
  return row;
}

function setStepState(row, state) {
  row.dataset.state = state;
  row.querySelector(".state").textContent = `(${state})`;
  const steps = run.plan.querySelectorAll(".step");
  const done = run.plan.querySelectorAll('.step[data-state="done"]').length;
  run.plan.querySelector(".progress").textContent = `${done}/${steps.length}`;
}

// A tool call's arguments and result, folded under its step.
function toolDetails(row, message) {
  let details = row.querySelector("details");
  if (!details) {
    details = element("details", "tool");
    details.append(element("summary", "", message.tool), element("pre", "arguments"),
                   element("pre", "result"));
    row.appendChild(details);
  }
  const args = message.arguments;
  details.querySelector(".arguments").textContent =
      typeof args === "string" ? args : JSON.stringify(args ?? {}, null, 2);
  if (typeof message.result === "string") {
    details.querySelector(".result").textContent =
        message.result + (message.truncated ? "\n… (truncated)" : "");
  }
}

// A call waiting for consent: Allow / Always / Deny under its step. It stays
// until a step event of the same number comes (running, or failed when denied),
// from whichever client answered, or a replayed one after a reconnect.
function approvalButtons(row, message) {
  row.querySelector(".approval")?.remove();
  const box = element("div", "approval");
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", `Allow ${message.tool}?`);
  box.append(element("span", "question", `Allow ${message.tool} (${message.server})?`));
  const choices = [["allow", "Allow"], ["allow-always", "Always"], ["deny", "Deny"]];
  for (const [decision, label] of choices) {
    const button = element("button", "choice " + decision, label);
    button.type = "button";
    button.addEventListener("click", () => decide(box, message, decision));
    box.append(button);
  }
  row.appendChild(box);
}

async function decide(box, message, decision) {
  for (const button of box.querySelectorAll("button")) button.disabled = true;
  try {
    const answer = await fetch("chat/approval?" + withToken(new URLSearchParams()).toString(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sessionId: message.sessionId, callId: message.callId, decision }),
    });
    if (answer.ok || answer.status === 409) return; // the step event clears the buttons
    const body = await answer.json().catch(() => ({}));
    notice(`The answer was refused: ${body.error || "HTTP " + answer.status}`, true);
  } catch (e) {
    notice("The answer could not be sent: " + e.message, true);
  }
  for (const button of box.querySelectorAll("button")) button.disabled = false;
}

function stepState(word) {
  return ["running", "done", "failed", "pending"].includes(word) ? word : "running";
}

// A model's thinking: a <details> block above its answer, open while it thinks,
// closed (and saying how long it took) once the answer starts.
function thinkingBlock() {
  if (!run.thinking || run.thinking.node !== log.lastElementChild) {
    const node = element("details", "thinking");
    node.open = true;
    node.append(element("summary", "", "Thinking…"), element("div", "thought"));
    run.thinking = { node, startedAt: performance.now(), text: "" };
    add(node);
  }
  return run.thinking;
}

function endThinking() {
  const thinking = run.thinking;
  if (!thinking || thinking.ended) return;
  thinking.ended = true;
  const seconds = (performance.now() - thinking.startedAt) / 1000;
  thinking.node.querySelector("summary").textContent = `Thought for ${seconds.toFixed(1)} s`;
  thinking.node.open = false;
}

// "412 ms to first token · 214 tokens · 38.7 tokens/s · thought 3.2 s"
function statsText(stats) {
  const parts = [`${stats.ttftMs} ms to first token`,
                 `${stats.estimated ? "~" : ""}${stats.tokens} tokens`,
                 `${stats.tokensPerSecond} tokens/s`];
  if (stats.thinkingMs > 0) parts.push(`thought ${(stats.thinkingMs / 1000).toFixed(1)} s`);
  return parts.join(" · ") + (stats.estimated ? " (estimated)" : "");
}

function handle(message) {
  switch (message.type) {
  case "reasoning": {
    const thinking = thinkingBlock();
    thinking.text += message.content;
    thinking.node.querySelector(".thought").textContent = thinking.text;
    break;
  }
  case "assistant":
    endThinking();
    // An agent that streamed its answer as deltas may send all of it at the end.
    if (run.live && String(message.content).startsWith(run.live.textContent)) {
      renderMarkdown(run.live, message.content);
      run.live.classList.add("markdown");
    } else {
      answer(message.content);
    }
    if (message.stats && typeof message.stats === "object") {
      add(element("p", "stats", statsText(message.stats)));
      // The server timed the thinking where it happened: its figure replaces the page's.
      if (run.thinking && message.stats.thinkingMs > 0)
        run.thinking.node.querySelector("summary").textContent =
          `Thought for ${(message.stats.thinkingMs / 1000).toFixed(1)} s`;
    }
    run.live = null;
    break;
  case "delta":
    endThinking();
    if (!run.live || run.live !== log.lastElementChild) run.live = bubble("assistant", "");
    run.live.textContent += message.content;
    break;
  case "planning": {
    const index = Number.isInteger(message.step) ? message.step
                                                 : planCard().querySelectorAll(".step").length + 1;
    stepRow(index).querySelector(".title").textContent = message.content;
    break;
  }
  case "approval": {
    const row = stepRow(message.step);
    setStepState(row, "waiting");
    if (typeof message.tool === "string") toolDetails(row, message);
    approvalButtons(row, message);
    setStatus("waiting", "waiting for your answer");
    break;
  }
  case "step": {
    const row = stepRow(message.step);
    row.querySelector(".approval")?.remove();
    setStepState(row, stepState(message.state));
    row.querySelector(".detail").textContent = message.content;
    if (typeof message.tool === "string") toolDetails(row, message);
    break;
  }
  case "error":
    run.sawError = true;
    bubble("error", message.status ? `${message.content} (status ${message.status})`
                                   : message.content);
    break;
  case "done":
    finish(run.sawError ? "error" : "done",
           run.sawError ? "ended with an error" : `done in ${elapsed()} ms`);
    break;
  }
}

function finish(state, text) {
  if (source) {
    source.close();
    source = null;
  }
  setRunning(false);
  setStatus(state, text);
}

// A server started with --token serves this page at /?access_token=...; EventSource
// cannot send headers, so the token travels in the query of each request to /chat.
function withToken(params) {
  const token = new URLSearchParams(location.search).get("access_token");
  if (token) params.set("access_token", token);
  return params;
}

function send(text) {
  run = { startedAt: performance.now(), plan: null, live: null, sawError: false,
          reconnects: 0, lastEventId: "", events: 0 };
  if (text) bubble("user", text);
  const query = withToken(new URLSearchParams({ sessionId, message: text }));
  source = new EventSource("chat?" + query.toString());
  setRunning(true);
  setStatus("connecting", "connecting…");
  source.onopen = () => {
    if (run.reconnects > 0) notice(`Reconnected; the server resumed after event ${run.lastEventId || "(none)"}.`);
    setStatus("streaming", "streaming");
  };
  source.onmessage = (event) => {
    run.lastEventId = event.lastEventId;
    run.events += 1;
    setStatus("streaming", `streaming: event ${run.events} at +${elapsed()} ms`);
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      bubble("error", "unreadable event: " + event.data);
      return;
    }
    handle(message);
  };
  source.onerror = () => {
    if (!source) return;
    if (source.readyState === EventSource.CONNECTING) {
      // The browser reconnects by itself, sending Last-Event-ID; Rill resumes the run.
      run.reconnects += 1;
      notice(`Connection lost; reconnecting (attempt ${run.reconnects})…`);
      setStatus("reconnecting", `reconnecting (attempt ${run.reconnects})…`);
    } else {
      // CLOSED: the answer was not a stream (e.g. 409 while this session is still
      // answering) or the server said there is nothing more (204).
      notice("The stream closed before its done event: the server refused it or went away.", true);
      finish("error", "connection closed");
    }
  };
}

async function stop() {
  if (!source) return;
  finish("stopping", "stopping…");
  if (run.plan) {
    for (const row of run.plan.querySelectorAll('.step[data-state="pending"], .step[data-state="running"], .step[data-state="waiting"]'))
      setStepState(row, "stopped");
  }
  notice("Stopped.");
  // Closing the EventSource alone leaves the run waiting for a resume; DELETE ends it now.
  try {
    const answer = await fetch("chat?" + withToken(new URLSearchParams({ sessionId })).toString(),
                               { method: "DELETE" });
    if (answer.status === 204) setStatus("stopped", "stopped");
    else if (answer.status === 404) setStatus("stopped", "stopped (the run had already ended)");
    else setStatus("error", `stop failed: HTTP ${answer.status}`);
  } catch (e) {
    setStatus("error", "stopped here, but the server could not be told: " + e.message);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (source) return;
  const text = input.value.trim();
  input.value = "";
  send(text);
});
stopButton.addEventListener("click", stop);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && source) stop();
});
input.focus();
