// Shared set-up of the end-to-end tests: Debian's Chromium through playwright-core, a server
// ($TANDEM_URL, or the mock server when unset), and helpers for the customer and agent sides.
import { chromium } from 'playwright-core';
import { startMockServer } from './mock-server.mjs';

export const CANARIES = {
  password: 'PW-CANARY-1111',
  card: 'CARD-CANARY-4444',
  balance: '12,345.67', // text of the .sensitive element on the demo home page
  toggled: 'TOGGLED-CANARY-2222',
  hidden: 'HIDDEN-CANARY-7731', // value of the hidden input on the demo apply page
  frame: 'FRAME-SECRET-4242', // .sensitive text inside the same-origin iframe of the accounts page
};

const DEADLINE_MS = Number(process.env.E2E_TIMEOUT_MS ?? 15000);

export async function startEnvironment() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  let mock = null;
  let url = process.env.TANDEM_URL?.replace(/\/+$/, '');
  if (!url) {
    mock = await startMockServer({ port: 0 });
    url = mock.url;
  }
  return {
    browser,
    url,
    async close() {
      await browser.close();
      await mock?.close();
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
  const traffic = { sent: [], received: [], websockets: 0 };
  page.on('websocket', (ws) => {
    traffic.websockets++;
    ws.on('framesent', (f) => traffic.sent.push(String(f.payload)));
    ws.on('framereceived', (f) => traffic.received.push(String(f.payload)));
  });
  page.on('request', (request) => {
    if (request.url().includes('/cometd')) traffic.sent.push(request.postData() ?? '');
  });
  page.on('response', async (response) => {
    if (response.url().includes('/cometd')) traffic.received.push(await response.text().catch(() => ''));
  });
  return traffic;
}

/**
 * Opens a customer page. The init script (run before the page's own scripts) wraps the page's
 * `_genesys` so the test can reach the Co-browse API and record its signals in `window.__gcb`.
 */
export async function openCustomer(env, path = '/demo/index.html', { disableWebSockets = false, context } = {}) {
  const ctx = context ?? (await env.browser.newContext({ viewport: { width: 1100, height: 700 } }));
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
            for (const name of ['onInitialized', 'onSessionStarted', 'onAgentJoined', 'onAgentNavigated', 'onNavigationFailed', 'onSessionEnded']) {
              api[name].add((...args) => log.events.push({ name, args: JSON.parse(JSON.stringify(args)) }));
            }
          },
        ];
        value = v;
      },
    });
  }, disableWebSockets);
  const page = await ctx.newPage();
  const traffic = captureTraffic(page);
  await page.goto(env.url + path);
  await until('the Co-browse API', () => page.evaluate(() => window.__gcb && window.__gcb.api !== null));
  return { context: ctx, page, traffic };
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
