// Reads a Rill stream with Node's `eventsource` package (pinned in package.json).
//
//   node eventsource_client.mjs URL
//
// Prints one JSON object a line for client_matrix.py: the response's head, then each
// event as `onmessage` delivers it, stamped with wall-clock microseconds. It closes the
// EventSource on the `done` event (an EventSource would otherwise reconnect for ever).
// Over TLS, NODE_EXTRA_CA_CERTS names the test certificate.
import { EventSource } from "eventsource";

const url = process.argv[2];
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const emit = (record) => process.stdout.write(JSON.stringify(record) + "\n");

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!url) fail("usage: eventsource_client.mjs URL");
const timer = setTimeout(() => fail("no done event within 10 s"), 10000);
// Node compiles its fetch, TLS and stream code on first use, which on a busy machine takes
// tens of milliseconds and would be counted against the measured stream's first event. So
// one EventSource first reads the first event of a throw-away run, which is then stopped.
try {
  const warmUp = new EventSource(`${url}?message=warm-up`);
  const sessionId = await new Promise((resolve, reject) => {
    warmUp.onmessage = (event) => resolve(JSON.parse(event.data).sessionId);
    warmUp.onerror = (event) => reject(new Error(event.message ?? "connection failed"));
  });
  warmUp.close();
  const stopped = await fetch(`${url}?sessionId=${encodeURIComponent(sessionId)}`,
                              { method: "DELETE" });
  if (stopped.status !== 204) throw new Error(`DELETE answered ${stopped.status}`);
} catch (error) {
  fail(`the warm-up stream failed: ${error.cause?.message ?? error.message}`);
}

// The package reads the body through fetch: wrapping it is the one way to see the
// status and headers it got.
const es = new EventSource(url, {
  fetch: async (input, init) => {
    const response = await fetch(input, init);
    emit({ status: response.status, httpVersion: null,
           headers: Object.fromEntries(response.headers.entries()) });
    return response;
  },
});
es.onmessage = (event) => {
  emit({ t: nowUs(), id: event.lastEventId, data: event.data });
  if (JSON.parse(event.data).type === "done") {
    es.close();
    clearTimeout(timer);
  }
};
es.onerror = (event) => {
  es.close();
  fail(`EventSource error before done: ${event.message ?? "connection failed"} ` +
       `(code ${event.code ?? "none"})`);
};
