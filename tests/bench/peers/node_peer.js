#!/usr/bin/env node
// A bare Node.js `http` SSE server for benchmarks: the same events as
// `rill --serve --bench` (the demo music agent), with `id: <session>:<seq>`
// lines, `retry: 1000` first and a `sentUs` stamp (wall-clock microseconds since
// the Unix epoch, taken when the event is encoded) on every event. Each write
// waits for 'drain' when the socket is full, as a careful Node server does.
//
//   node node_peer.js [--port N] [--steps N] [--payload BYTES] [--step-delay MS]
//                     [--idle-streams] [--heartbeat S]
//
// GET or POST /chat. Prints `LISTENING <port>` once it accepts connections;
// binds 127.0.0.1 only; exits when its parent does.
'use strict';
const http = require('http');
const crypto = require('crypto');
const { performance } = require('perf_hooks');

const args = { port: 0, steps: 3, payload: 0, stepDelay: 300, idle: false, heartbeat: 15 };
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i];
  const next = () => Number(process.argv[++i]);
  if (a === '--port') args.port = next();
  else if (a === '--steps') args.steps = next();
  else if (a === '--payload') args.payload = next();
  else if (a === '--step-delay') args.stepDelay = next();
  else if (a === '--heartbeat') args.heartbeat = next();
  else if (a === '--idle-streams') args.idle = true;
  else if (a === '--bench') { /* sentUs is always on */ }
  else { console.error(`node_peer: unknown option ${a}`); process.exit(2); }
}

const GREETING = '请问您想听什么曲子？';
const PLAN = ['下载歌曲', '分析歌曲', '解析参数'];
const RUNNING = ['正在下载歌曲…', '正在分析歌曲…', '正在解析参数…'];
const DONE = ['已下载《随机推荐》（5:58）', '节奏 137 BPM，E 调', '音量 85%，均衡器：流行'];
const ANSWER = '**《随机推荐》** 已准备好：\n\n- 时长 5:58\n- 节奏 137 BPM，E 调\n'
  + '- 音量 85%，均衡器：流行\n\n祝您聆听愉快！';

function script() {
  const pad = 'x'.repeat(args.payload);
  const out = [['assistant', GREETING, 200, {}]];
  for (let s = 1; s <= args.steps; ++s)
    out.push(['planning', `${s}. ${PLAN[(s - 1) % 3]}${pad}`, null, { step: s }]);
  for (let s = 1; s <= args.steps; ++s) {
    out.push(['step', RUNNING[(s - 1) % 3] + pad, null, { state: 'running', step: s }]);
    out.push(['step', DONE[(s - 1) % 3] + pad, null, { state: 'done', step: s }]);
  }
  out.push(['assistant', ANSWER, 200, {}]);
  out.push(['done', '完成', null, {}]);
  return out;
}

// sentUs is compared with the system clock that rill-bench reads. performance.timeOrigin
// can be tens of microseconds off it (a p50 latency below zero), so the offset is taken
// once, at the moment Date.now() ticks over to a new millisecond.
const wallOffsetUs = (() => {
  const start = Date.now();
  let now = start;
  while (now === start) now = Date.now();
  return now * 1000 - performance.now() * 1000;
})();

function frame(sessionId, seq, [type, content, status, extra]) {
  const event = {
    type, id: crypto.randomUUID(), sessionId, timestamp: new Date().toISOString(),
    content, status, sentUs: Math.round(wallOffsetUs + performance.now() * 1000),
    ...extra,
  };
  return `id: ${sessionId}:${seq}\ndata: ${JSON.stringify(event)}\n\n`;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname !== '/chat' || (req.method !== 'GET' && req.method !== 'POST')) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":"not found","status":404}');
    return;
  }
  req.resume(); // the body is not used
  const sessionId = url.searchParams.get('sessionId') || crypto.randomUUID();
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 1000\n\n');
  const events = script();
  let next = 0;
  let timer = null;
  let closed = false;
  res.on('close', () => { closed = true; clearTimeout(timer); clearInterval(timer); });
  const later = (fn) => {
    if (args.stepDelay > 0) timer = setTimeout(fn, args.stepDelay);
    else setImmediate(fn); // still gives control back to the event loop
  };
  const emit = () => {
    if (closed) return;
    const ok = res.write(frame(sessionId, next + 1, events[next]));
    ++next;
    if (args.idle && next === 1) {
      timer = setInterval(() => res.write(': ping\n\n'), args.heartbeat * 1000);
      return;
    }
    if (next === events.length) { res.end(); return; }
    if (ok) later(emit);
    else res.once('drain', () => later(emit));
  };
  emit();
});

server.listen(args.port, '127.0.0.1', 2048, () => {
  console.log(`LISTENING ${server.address().port}`);
});

const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500).unref();
