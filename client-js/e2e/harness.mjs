// Shared set-up of the end-to-end tests: Debian's Chromium through playwright-core, the real Tandem
// server, and helpers for the customer and agent sides.
//
// The server: $TANDEM_URL (a running server, started with TANDEM_CSS_PROXY_ALLOW_PRIVATE_ADDRESSES=true
// because the cross-origin stylesheet of the hover test is on loopback), or else the packaged jar
// ($TANDEM_JAR, default ../server/target/tandem-server.jar), which the harness starts on a free port
// and stops at the end. There is no test double of the server.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CANARIES = {
  password: 'PW-CANARY-1111',
  card: 'CARD-CANARY-4444',
  balance: '12,345.67', // text of the .gcb-mask element on the demo home page
  account: '0532 0130', // .gcb-mask text on the accounts page
  toggled: 'TOGGLED-CANARY-2222',
  hidden: 'HIDDEN-CANARY-7731', // value of the hidden input on the demo apply page
  referral: 'REF-CANARY-9090', // pre-filled value attribute of the masked referral field
  frame: 'FRAME-SECRET-4242', // .gcb-mask text inside the same-origin iframe of the accounts page
};

const DEADLINE_MS = Number(process.env.E2E_TIMEOUT_MS ?? 15000);
const SERVER_START_MS = 90000;
const DEFAULT_JAR = fileURLToPath(new URL('../../server/target/tandem-server.jar', import.meta.url));
/** Where the started server's output is kept after the run (a failed test's server log is the first thing to read). */
const LOG_DIR = fileURLToPath(new URL('../target/e2e-logs/', import.meta.url));

/** The packaged server as a child process on a free loopback port. */
async function startServerJar(jar) {
  if (!existsSync(jar)) {
    throw new Error(
      `No Tandem server: set TANDEM_URL to a running server, or build the jar (${jar}): ` +
        'mvn -B -o install -DskipTests -pl client-js,server',
    );
  }
  const child = spawn(process.env.JAVA ?? 'java', ['-Xmx512m', '-jar', jar, '--host', '127.0.0.1', '--port', '0', '--history', 'memory'], {
    env: { ...process.env, TANDEM_CSS_PROXY_ALLOW_PRIVATE_ADDRESSES: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `server-${new Date().toISOString().replace(/[:.]/g, '-')}-pid${child.pid}.log`);
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within ${SERVER_START_MS} ms:\n${log.join('\n')}`)), SERVER_START_MS);
    const partial = new Map();
    const onLine = (stream) => (chunk) => {
      // a chunk may end inside a line: keep its start until the rest comes
      const lines = ((partial.get(stream) ?? '') + String(chunk)).split('\n');
      partial.set(stream, lines.pop());
      for (const line of lines) {
        if (!line) continue;
        log.push(line);
        appendFileSync(logFile, line + '\n');
        if (process.env.E2E_DEBUG) console.log('[server]', line);
        const m = /Tandem listening on .* Bayeux (http:\/\/[0-9.]+:\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    };
    child.stdout.on('data', onLine('out'));
    child.stderr.on('data', onLine('err'));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${log.join('\n')}`));
    });
  });
  return {
    url,
    log,
    async close() {
      if (exited) return;
      const gone = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
      await gone;
      clearTimeout(timer);
    },
  };
}

export async function startEnvironment() {
  const external = process.env.TANDEM_URL?.replace(/\/+$/, '');
  const server = external ? { url: external, log: null, close: async () => undefined } : await startServerJar(process.env.TANDEM_JAR ?? DEFAULT_JAR);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    browser,
    url: server.url,
    /** The server's output when the harness started it (null for $TANDEM_URL). */
    serverLog: server.log,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

/** Waits for a condition with a deadline, never a fixed sleep. */
export async function until(what, condition, timeout = DEADLINE_MS) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await condition();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
}

/**
 * Captures everything a page sends or receives over Bayeux: WebSocket frames and long-polling
 * request and response bodies.
 */
export function captureTraffic(page) {
  const traffic = { sent: [], received: [], websockets: 0, polls: 0 };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/cometd')) return;
    traffic.websockets++;
    ws.on('framesent', (f) => traffic.sent.push(String(f.payload)));
    ws.on('framereceived', (f) => traffic.received.push(String(f.payload)));
  });
  page.on('request', (request) => {
    if (request.url().includes('/cometd') && request.method() === 'POST') {
      traffic.polls++;
      traffic.sent.push(request.postData() ?? '');
    }
  });
  page.on('response', async (response) => {
    if (response.url().includes('/cometd')) traffic.received.push(await response.text().catch(() => ''));
  });
  return traffic;
}

/** Everything on the wire of the pages given, as one string. */
export function wire(...sides) {
  return sides.flatMap((t) => [...t.sent, ...t.received]).join('\n');
}

/** Whether every stream batch a page sent has been answered (the server holds it, or refused it). */
export function streamSettled(traffic) {
  const state = (traffic.stream ??= { sent: new Set(), answered: new Set(), s: 0, r: 0 });
  const read = (frames, from, onMessage) => {
    for (let i = from; i < frames.length; i++) {
      if (!frames[i].includes('/service/session/stream')) continue;
      let messages;
      try {
        messages = JSON.parse(frames[i]);
      } catch {
        continue; // not Bayeux JSON
      }
      for (const m of Array.isArray(messages) ? messages : []) if (m?.channel === '/service/session/stream' && m.id !== undefined) onMessage(m);
    }
    return frames.length;
  };
  state.s = read(traffic.sent, state.s, (m) => state.sent.add(m.id));
  state.r = read(traffic.received, state.r, (m) => m.successful !== undefined && state.answered.add(m.id));
  return state.sent.size > 0 && [...state.sent].every((id) => state.answered.has(id));
}

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8' };

/**
 * An instrumented website on an origin of its own (`http://localhost:<port>/`, while the server is
 * at 127.0.0.1): a plain web server that serves one page and, under
 * `/npm/<package>/…`, the files of the packages named in `packages` from node_modules (the real
 * jQuery, lodash, CometD); everything else comes from Tandem.
 */
export async function startSite(html, { packages = [] } = {}) {
  const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const npm = /^\/npm\/([^/]+)\/(.+)$/.exec(path);
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
    } else if (npm && packages.includes(npm[1]) && !normalize(npm[2]).startsWith('..')) {
      try {
        const body = readFileSync(join(modules, npm[1], normalize(npm[2])));
        response.writeHead(200, { 'content-type': TYPES[extname(npm[2])] ?? 'application/octet-stream' });
        response.end(body);
      } catch {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
      }
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export async function openCustomer(env, path = '/demo/index.html', { disableWebSockets = false } = {}) {
  const ctx = await env.browser.newContext({ viewport: { width: 1100, height: 700 } });
  const history = [];
  const problems = [];
  await ctx.exposeBinding('__gcbRecord', ({ frame }, name, args) => {
    history.push({ name, args, url: frame.url() });
  });
  await ctx.addInitScript((disable) => {
    const log = { events: [], api: null };
    window.__gcb = log;
    let value;
    Object.defineProperty(window, '_genesys', {
      configurable: true,
      get: () => value,
      set(v) {
        v.cobrowse = v.cobrowse || {};
        if (disable) v.cobrowse.disableWebSockets = true;
        v.onReady = [
          (apis) => {
            const api = apis.cobrowse;
            log.api = api;
            log.chat = apis.chat;
            // the top context's signals (an instrumented iframe's child context has only the common ones)
            for (const name of ['onInitialized', 'onSessionStarted', 'onAgentJoined', 'onAgentNavigated', 'onNavigationFailed', 'onSessionEnded']) {
              api[name]?.add((...args) => {
                const copy = JSON.parse(JSON.stringify(args));
                log.events.push({ name, args: copy });
                void window.__gcbRecord?.(name, copy);
              });
            }
          },
        ];
        value = v;
      },
    });
  }, disableWebSockets);
  const page = await ctx.newPage();
  // What the customer application says went wrong, e.g. a page update the server refused.
  page.on('console', async (message) => {
    if (message.type() !== 'warning' && message.type() !== 'error') return;
    const parts = await Promise.all(message.args().map((a) => a.evaluate((v) => (v instanceof Error ? v.message : String(v))).catch(() => '')));
    const text = parts.join(' ') || message.text();
    if (process.env.E2E_DEBUG) console.log('[customer console]', text.slice(0, 400));
    if (text.startsWith('Co-browse:')) problems.push(text);
  });
  const traffic = captureTraffic(page);
  await page.goto(/^https?:/.test(path) ? path : env.url + path);
  await until('the Co-browse API', () => page.evaluate(() => window.__gcb && window.__gcb.api !== null));
  return { context: ctx, page, traffic, history, problems };
}

export function events(page, name) {
  return page.evaluate((n) => window.__gcb.events.filter((e) => e.name === n).map((e) => e.args), name);
}

/** Starts a session through the API and returns its token. */
export async function startByApi(page) {
  await until('onInitialized', async () => (await events(page, 'onInitialized')).length > 0);
  await page.evaluate(() => window.__gcb.api.startSession());
  const started = await until('onSessionStarted', async () => (await events(page, 'onSessionStarted'))[0]);
  return started[0].token;
}

/** Opens the agent console and joins the session. */
export async function openAgent(env, token, { longPolling = false } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const traffic = captureTraffic(page);
  const dialogs = [];
  if (process.env.E2E_DEBUG) page.on('console', (m) => console.log('[agent console]', m.text().slice(0, 400)));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${env.url}/cobrowse/agent/?token=${token}${longPolling ? '&longPolling' : ''}${process.env.E2E_DEBUG ? '&debug' : ''}`);
  await until('the agent to join', () => page.locator('#session').isVisible());
  return { context, page, traffic, dialogs };
}

/** The replayed customer page inside the agent console. */
export async function replayFrame(agentPage) {
  return until('the replay iframe', async () => {
    const handle = await agentPage.$('#replay-root iframe');
    const frame = handle && (await handle.contentFrame());
    return frame && (await frame.$('body')) ? frame : null;
  });
}

export async function replayText(agentPage, selector) {
  const frame = await replayFrame(agentPage);
  return frame.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
}

/** The agent console's event log, newest first. */
export function agentLog(agentPage) {
  return agentPage.textContent('#log');
}

/** Opens the agent console as `name` (its chat desk signs in) without joining a co-browse session. */
export async function openConsole(env, name) {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const traffic = captureTraffic(page);
  if (process.env.E2E_DEBUG) page.on('console', (m) => console.log('[agent console]', m.text().slice(0, 400)));
  await page.goto(`${env.url}/cobrowse/agent/?name=${encodeURIComponent(name)}${process.env.E2E_DEBUG ? '&debug' : ''}`);
  await until('the agent to be on duty', async () => (await page.textContent('#chat-connection')) === 'On duty');
  return { context, page, traffic };
}
