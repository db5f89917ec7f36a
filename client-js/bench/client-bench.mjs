// The customer-side benchmark of docs/benchmarks-client.md, in Chromium against the real server.
//
//   node bench/client-bench.mjs                 starts ../server/target/tandem-server.jar (or $TANDEM_JAR)
//   TANDEM_URL=http://127.0.0.1:8700 node bench/client-bench.mjs     a running server
//   options: --sizes=1000,10000,50000 --runs=3 --probes=200 --json=out.json
//            --bundle=path/to/gcb.min.js   serve this build of the customer application instead of the
//                                          server's (to compare client builds against the same server)
//
// It measures, with the production bundle (gcb.min.js) on a generated page of an instrumented site
// (its own origin, http://localhost:<port>/, the server's default masking rules):
// 1. main-thread time of the customer's full snapshot: the renderer main thread's task that takes
//    it (rrweb's serialisation, our attribute masking, the JSON encoding and the send), from a
//    Chromium trace; and rrweb's serialisation alone (Meta → FullSnapshot event timestamps);
// 2. bytes of the snapshot's Bayeux message, and of 100 mutations (in one task, and one per task);
// 3. customer change → agent render latency: a text change on the customer's page until the agent
//    console's replay shows it and the next animation frame ran, over WebSocket and long-polling.
// A benchmark, not a test: it asserts nothing, it reports.
import { deflateRawSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { captureTraffic, openAgent, replayFrame, startEnvironment, startSite, streamSettled, until } from '../e2e/harness.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const SIZES = (args.sizes ?? '1000,10000,50000').split(',').map(Number);
const RUNS = Number(args.runs ?? 3);
const PROBES = Number(args.probes ?? 200);
const BUNDLE = args.bundle ? readFileSync(args.bundle, 'utf8') : null;
const SLOW = Number(process.env.BENCH_TIMEOUT_MS ?? 120000);

/** A page of about `nodes` DOM nodes: a table of accounts, some masked cells and fields, a hover rule. */
function pageHtml(serverUrl, nodes, { longPolling = false } = {}) {
  const fixed = 40; // html, head, body, the heading, the probe, the list…
  const perRow = 12; // tr, 4 td, 4 texts, span + text, input
  const rows = Math.max(1, Math.round((nodes - fixed) / perRow));
  const body = [];
  for (let i = 0; i < rows; i++) {
    const masked = i % 50 === 0 ? ' class="gcb-mask"' : '';
    body.push(
      `<tr><td>${i}</td><td${masked}>Customer ${i}</td><td>${(i * 7.31).toFixed(2)}</td>` +
        `<td><span class="tag">t${i % 9}</span></td><td><input name="f${i}" value="v${i}"${masked}></td></tr>`,
    );
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench ${nodes}</title>
<style>body{font:14px sans-serif}td{padding:2px 6px;border-bottom:1px solid #ddd}.tag{color:#15803d}tr:hover td{background:#f0fdf4}</style>
<script>
  window.__bench = { sent: [] };
  // Marks the task that sends the snapshot batch, for the trace; counts what is sent.
  for (const proto of [WebSocket.prototype, XMLHttpRequest.prototype]) {
    const send = proto.send;
    proto.send = function (body) {
      if (typeof body === 'string' && body.includes('/service/session/stream')) {
        const snapshot = body.includes('"snapshot":true');
        if (snapshot) performance.mark('bench:snapshot-sent');
        window.__bench.sent.push({ at: performance.now(), bytes: body.length, snapshot });
      }
      return send.apply(this, arguments);
    };
  }
  var _genesys = { cobrowse: { disableBuiltInUI: true, disableWebSockets: ${longPolling} }, onReady: [function (apis) {
    window.__api = apis.cobrowse;
    apis.cobrowse.onSessionStarted.add(function (s) { window.__token = s.token; });
  }] };
</script>
<script async id="genesys-cobrowse" src="${serverUrl}/cobrowse/js/gcb.min.js"></script>
</head><body><h1>Accounts</h1><p id="probe">probe</p><ul id="list"></ul>
<table><tbody>${body.join('')}</tbody></table></body></html>`;
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
/** Every stream batch answered; throws on a refused one (the bench must not measure a dark page). */
function settled(traffic) {
  const refused = traffic.received.find((f) => /"channel":"\/service\/session\/stream","successful":false/.test(f));
  if (refused) throw new Error('the server refused a page update: ' + refused.slice(0, 600));
  return streamSettled(traffic);
}
const median = (xs) => percentile([...xs].sort((a, b) => a - b), 50);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** The renderer main-thread task that contains the `bench:snapshot-sent` mark, from a Chromium trace. */
function snapshotTask(trace) {
  const events = JSON.parse(trace.toString('utf8')).traceEvents ?? [];
  const mark = events.find((e) => e.name === 'bench:snapshot-sent' && e.cat?.includes('blink.user_timing'));
  if (!mark) throw new Error('no snapshot mark in the trace');
  const tasks = events.filter(
    (e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === mark.pid && e.tid === mark.tid && e.ts <= mark.ts && e.ts + e.dur >= mark.ts,
  );
  if (!tasks.length) throw new Error('no task around the snapshot mark');
  const task = tasks.reduce((a, b) => (a.dur >= b.dur ? a : b)); // the outermost
  return task.dur / 1000;
}

async function openBenchPage(env, nodes, options) {
  const site = await startSite(pageHtml(env.url, nodes, options));
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (BUNDLE) await context.route('**/cobrowse/js/gcb.min.js', (route) => route.fulfill({ contentType: 'text/javascript', body: BUNDLE }));
  const page = await context.newPage();
  const traffic = captureTraffic(page);
  page.on('console', (m) => {
    if (m.text().startsWith('Co-browse:')) console.error('[customer]', m.text());
  });
  await page.goto(site.url);
  await until('the Co-browse API', () => page.evaluate(() => window.__api != null), SLOW);
  return {
    page,
    traffic,
    async close() {
      await context.close();
      await site.close();
    },
  };
}

async function measureSnapshot(env, nodes) {
  const customer = await openBenchPage(env, nodes);
  const { page, traffic } = customer;
  try {
    const counted = await page.evaluate(() => {
      let n = 0;
      const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
      while (walker.nextNode()) n++;
      return n + 1;
    });
    await env.browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline', 'devtools.timeline', 'blink.user_timing'] });
    await page.evaluate(() => window.__api.startSession());
    await until('the snapshot on the server', () => settled(traffic), SLOW);
    const taskMs = snapshotTask(await env.browser.stopTracing());
    const frame = traffic.sent.find((f) => f.includes('"snapshot":true'));
    const message = JSON.parse(frame).find((m) => m.channel === '/service/session/stream');
    const meta = message.data.events.find((e) => e.type === 4);
    const full = message.data.events.find((e) => e.type === 2);
    return {
      nodes: counted,
      taskMs,
      serialiseMs: full.timestamp - meta.timestamp,
      bytes: Buffer.byteLength(frame),
      deflated: deflateRawSync(frame).length,
      token: await page.evaluate(() => window.__token),
      customer,
    };
  } catch (error) {
    await customer.close();
    throw error;
  }
}

/** Bytes the customer sends for 100 mutations: all in one task, then one per task. */
async function measureMutations(customer) {
  const { page, traffic } = customer;
  const streamFrames = (from) => traffic.sent.slice(from).filter((f) => f.includes('/service/session/stream'));
  const streamBytes = (from) => streamFrames(from).reduce((n, f) => n + Buffer.byteLength(f), 0);
  // each frame deflated on its own: an upper bound of permessage-deflate, which keeps its window
  const deflatedBytes = (from) => streamFrames(from).reduce((n, f) => n + deflateRawSync(f).length, 0);
  const batches = (from) => traffic.sent.slice(from).filter((f) => f.includes('/service/session/stream')).length;
  // 40 text changes, 30 attribute changes, 30 added elements
  const mutate = (i) => {
    const cells = document.querySelectorAll('tbody tr td:nth-child(3)');
    const tags = document.querySelectorAll('.tag');
    if (i < 40) cells[i].textContent = 'changed ' + i;
    else if (i < 70) tags[i].classList.toggle('hot');
    else {
      const li = document.createElement('li');
      li.textContent = 'item ' + i;
      document.getElementById('list').appendChild(li);
    }
  };
  let from = traffic.sent.length;
  await page.evaluate((fn) => {
    const m = new Function('return ' + fn)();
    for (let i = 0; i < 100; i++) m(i);
  }, mutate.toString());
  await until('the mutations on the server', () => batches(from) > 0 && settled(traffic), SLOW);
  const oneTask = { bytes: streamBytes(from), deflated: deflatedBytes(from), batches: batches(from) };

  await page.evaluate(() => {
    for (let i = 0; i < 40; i++) document.querySelectorAll('tbody tr td:nth-child(3)')[i].textContent = 'again';
    document.getElementById('list').replaceChildren();
  });
  await until('the reset on the server', () => settled(traffic), SLOW);
  from = traffic.sent.length;
  // one mutation per task, each after the previous batch left (so each is its own batch)
  for (let i = 0; i < 100; i++) {
    const sentBefore = await page.evaluate(() => window.__bench.sent.length);
    await page.evaluate((args) => new Function('return ' + args.fn)()(args.i), { fn: mutate.toString(), i });
    await until('the batch of mutation ' + i, () => page.evaluate((n) => window.__bench.sent.length > n, sentBefore), SLOW);
  }
  await until('the mutations on the server', () => settled(traffic), SLOW);
  const perTask = { bytes: streamBytes(from), deflated: deflatedBytes(from), batches: batches(from) };
  return { oneTask, perTask };
}

/** Change on the customer's page → the agent's replay shows it and a frame was rendered. */
async function measureLatency(env, nodes, longPolling) {
  const customer = await openBenchPage(env, nodes, { longPolling });
  try {
    const { page } = customer;
    await page.evaluate(() => window.__api.startSession());
    const token = await until('the token', () => page.evaluate(() => window.__token), SLOW);
    const agent = await openAgent(env, token, { longPolling });
    try {
      await until('the page on the agent side', async () => (await (await replayFrame(agent.page)).evaluate(() => document.querySelector('#probe')?.textContent)) === 'probe', SLOW);
      await agent.page.evaluate(() => {
        // The replay's document: a new one at every baseline (a replay or a new snapshot).
        window.__seen = new Map();
        window.__documents = 0;
        let observed = null;
        const record = (doc) => {
          const text = doc.querySelector('#probe')?.textContent ?? '';
          if (text.startsWith('probe-') && !window.__seen.has(text)) {
            const dom = performance.timeOrigin + performance.now();
            window.__seen.set(text, { dom });
            requestAnimationFrame(() => (window.__seen.get(text).frame = performance.timeOrigin + performance.now()));
          }
        };
        const watch = () => {
          const doc = document.querySelector('#replay-root iframe')?.contentDocument;
          if (doc && doc !== observed) {
            observed = doc;
            window.__documents++;
            new MutationObserver(() => record(doc)).observe(doc, { subtree: true, childList: true, characterData: true });
            record(doc);
          }
          requestAnimationFrame(watch);
        };
        watch();
      });
      const dom = [];
      const frame = [];
      for (let i = 0; i < PROBES; i++) {
        const text = 'probe-' + i;
        const t0 = await page.evaluate((t) => {
          const at = performance.timeOrigin + performance.now();
          document.getElementById('probe').textContent = t;
          return at;
        }, text);
        const seen = await until('probe ' + i, () => agent.page.evaluate((t) => window.__seen.get(t)?.frame && window.__seen.get(t), text), SLOW);
        dom.push(seen.dom - t0);
        frame.push(seen.frame - t0);
      }
      const stats = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        return { p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), max: round(s[s.length - 1]) };
      };
      const documents = await agent.page.evaluate(() => window.__documents);
      const baselines = agent.traffic.received.filter((f) => /"snapshot":true|"replay":true/.test(f)).length;
      return { transport: longPolling ? 'long-polling' : 'websocket', probes: PROBES, dom: stats(dom), frame: stats(frame), documents, baselines };
    } finally {
      await agent.context.close();
    }
  } finally {
    await customer.close();
  }
}

const env = await startEnvironment();
const results = { date: new Date().toISOString(), bundle: args.bundle ?? 'the server\'s', cpus: cpus().length, loadBefore: loadavg().map((x) => round(x, 2)), sizes: [], mutations: null, latency: [] };
try {
  for (const size of SIZES) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      const run = await measureSnapshot(env, size);
      if (size === SIZES[0] && r === 0) results.mutations = await measureMutations(run.customer);
      await run.customer.close();
      delete run.customer;
      runs.push(run);
      console.error(`snapshot ${size}: run ${r + 1}: task ${round(run.taskMs)} ms, serialise ${run.serialiseMs} ms, ${run.bytes} bytes`);
    }
    results.sizes.push({
      target: size,
      nodes: runs[0].nodes,
      taskMs: { median: round(median(runs.map((r) => r.taskMs))), min: round(Math.min(...runs.map((r) => r.taskMs))), max: round(Math.max(...runs.map((r) => r.taskMs))) },
      serialiseMs: median(runs.map((r) => r.serialiseMs)),
      bytes: runs[0].bytes,
      deflated: runs[0].deflated,
    });
  }
  for (const longPolling of [false, true]) {
    const latency = await measureLatency(env, SIZES[0], longPolling);
    results.latency.push(latency);
    console.error(`latency ${latency.transport}: dom p50 ${latency.dom.p50} p99 ${latency.dom.p99}; frame p50 ${latency.frame.p50} p99 ${latency.frame.p99} ms`);
  }
  results.loadAfter = loadavg().map((x) => round(x, 2));
} finally {
  await env.close();
}

console.log(JSON.stringify(results, null, 2));
if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 2));
