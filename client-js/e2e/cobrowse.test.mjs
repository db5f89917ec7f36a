// End-to-end: a customer page and an agent console in Chromium against a Tandem server.
//   TANDEM_URL=http://127.0.0.1:8700 npm run e2e     (the real server)
//   npm run e2e                                       (the mock server in e2e/mock-server.mjs)
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CANARIES,
  events,
  openAgent,
  openCustomer,
  replayFrame,
  replayText,
  startByApi,
  startEnvironment,
  until,
} from './harness.mjs';

let env;
const contexts = [];
before(async () => {
  env = await startEnvironment();
});
afterEach(async () => {
  // close each test's pages: live sessions left open would load the machine for the next tests
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});
after(async () => {
  await env?.close();
});

async function customer(path, options) {
  const c = await openCustomer(env, path, options);
  contexts.push(c.context);
  return c;
}

async function agent(token, options) {
  const a = await openAgent(env, token, options);
  contexts.push(a.context);
  return a;
}

async function grantControl(customerPage, agentPage) {
  await agentPage.click('#request-write');
  await customerPage.getByRole('button', { name: 'Allow' }).click();
  await until('control mode on the agent side', async () => (await agentPage.textContent('#mode')) === 'Control mode');
}

describe('co-browse', () => {
  it('should_start_from_the_built_in_button_and_show_the_token', async () => {
    const { page } = await customer('/demo/index.html');
    await page.getByRole('button', { name: 'Start co-browsing with a representative' }).click();
    await page.getByRole('dialog').getByText('Are you on the phone with a representative?').waitFor();
    await page.getByRole('button', { name: 'Yes' }).click();
    const started = await until('onSessionStarted', async () => (await events(page, 'onSessionStarted'))[0]);
    assert.match(started[0].token, /^\d{9}$/);
    await until('the token in the toolbar', async () => (await page.getByRole('region', { name: 'Co-browse session' }).textContent()).includes(started[0].token));
  });

  it('should_show_the_page_live_to_the_agent_dom_input_scroll_and_hover', async () => {
    const { page } = await customer('/demo/index.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('the page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await until('onAgentJoined', async () => (await events(page, 'onAgentJoined')).length === 1);

    // DOM change
    await page.click('#add-row');
    await until('the added row', async () => (await replayText(a.page, '#row-13')) !== null);
    // scroll of a scrollable element
    await page.evaluate(() => (document.querySelector('.scroller').scrollTop = 60));
    await until('the element scroll', async () => (await replayFrame(a.page)).evaluate(() => Math.abs(document.querySelector('.scroller').scrollTop - 60) < 2));
    // the customer's pointer
    await page.mouse.move(300, 200);
    await page.mouse.move(320, 240, { steps: 5 });
    await until('the customer pointer', async () => /translate|left/.test((await a.page.getAttribute('.replayer-mouse', 'style')) ?? ''));
    // input (not masked)
    await page.goto(env.url + '/demo/apply.html');
    await until('the apply page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Apply for a card');
    await page.fill('#name', 'Ada Lovelace');
    await until('the typed name', async () => (await replayFrame(a.page)).evaluate(() => document.querySelector('#name')?.value === 'Ada Lovelace'));
    // hover: the class that the :hover copies use
    await page.hover('#show-password');
    await until('the hover class', async () => (await replayFrame(a.page)).evaluate(() => document.querySelector('#show-password')?.classList.contains('gcb-hover')));
    // scroll of the page
    await page.goto(env.url + '/demo/accounts.html');
    await until('the accounts page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Accounts');
    await page.evaluate(() => window.scrollTo(0, 300));
    await until('the scroll position', async () => (await replayFrame(a.page)).evaluate(() => Math.abs(window.scrollY - 300) < 2));
    // the viewport size
    await page.setViewportSize({ width: 900, height: 600 });
    await until('the viewport size', async () => (await a.page.textContent('#page-size')) === '(900×600)');
  });

  it('should_sync_hover_of_a_cross_origin_stylesheet_through_the_css_proxy', async () => {
    const { page } = await customer('/demo/index.html');
    const crossOrigin = new URL(env.url);
    crossOrigin.hostname = crossOrigin.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    await page.evaluate((href) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      document.head.appendChild(link);
      const offer = document.createElement('span');
      offer.className = 'partner-offer';
      offer.id = 'partner';
      offer.textContent = 'Partner offer';
      document.querySelector('main').prepend(offer);
      return new Promise((resolve) => (link.onload = resolve));
    }, crossOrigin.origin + '/demo/partner.css');
    const token = await startByApi(page);
    await until('the proxied hover copy on the customer page', () =>
      page.evaluate(() => [...document.querySelectorAll('style[data-gcb-hover-css]')].some((s) => s.textContent.includes('.partner-offer.gcb-hover'))),
    );
    const a = await agent(token);
    await page.hover('#partner');
    await until('the partner hover style on the agent side', async () =>
      (await replayFrame(a.page)).evaluate(() => getComputedStyle(document.querySelector('#partner')).borderTopColor === 'rgb(124, 58, 237)'),
    );
  });

  it('should_never_send_masked_values_or_passwords', async () => {
    const { page, traffic } = await customer('/demo/apply.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('the page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Apply for a card');
    await page.fill('#password', CANARIES.password);
    await page.fill('#card', CANARIES.card);
    await page.click('#show-password'); // password field becomes type=text
    await page.fill('#password', CANARIES.toggled);
    await page.fill('#name', 'visible name');
    await until('the visible field', async () => (await replayFrame(a.page)).evaluate(() => document.querySelector('#name')?.value === 'visible name'));
    await page.goto(env.url + '/demo/index.html'); // the balance (.sensitive text)
    await until('the home page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await page.goto(env.url + '/demo/accounts.html'); // a masked text inside a same-origin iframe
    await until('the iframe on the agent side', async () => (await replayFrame(a.page)).evaluate(() => document.querySelector('iframe')?.contentDocument?.querySelector('#frame-secret') != null));
    const all = [...traffic.sent, ...traffic.received, ...a.traffic.sent, ...a.traffic.received].join('\n');
    assert.ok(all.includes('visible name'), 'the capture must have run');
    for (const [name, canary] of Object.entries(CANARIES)) assert.ok(!all.includes(canary), `${name} leaked onto the wire`);
  });

  it('should_keep_the_session_across_navigation_and_the_agent_follows', async () => {
    const { page } = await customer('/demo/index.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await page.click('header a[href="accounts.html"]');
    await page.waitForURL(/accounts\.html/);
    const initialized = await until('onInitialized on the new page', async () => (await events(page, 'onInitialized'))[0]);
    assert.equal(initialized[0].token, token);
    await until('accounts on the agent side', async () => (await replayText(a.page, 'h1')) === 'Accounts');
    assert.equal(await a.page.textContent('#page-url'), page.url());
  });

  it('should_navigate_the_customer_when_the_agent_navigates_in_write_mode', async () => {
    const { page } = await customer('/demo/index.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await grantControl(page, a.page);
    await a.page.fill('#nav-url', env.url + '/demo/accounts.html');
    const navigation = page.waitForURL(/accounts\.html/, { timeout: 15000 });
    await a.page.click('#nav-url-form button[type=submit]');
    await until('onAgentNavigated', async () => (await events(page, 'onAgentNavigated'))[0]).catch(() => undefined);
    await navigation;
    await until('accounts on the agent side', async () => (await replayText(a.page, 'h1')) === 'Accounts');
    // write mode survives the page load; forward has no history: onNavigationFailed
    await until('control mode again', async () => (await a.page.textContent('#mode')) === 'Control mode');
    await a.page.click('#nav-forward');
    await until('onNavigationFailed', async () => (await events(page, 'onNavigationFailed')).length === 1);
    // a URL on another origin is refused
    await a.page.fill('#nav-url', 'https://elsewhere.example/');
    await a.page.click('#nav-url-form button[type=submit]');
    await until('the second onNavigationFailed', async () => (await events(page, 'onNavigationFailed')).length >= 1 && (await a.page.textContent('#log')).includes('Navigation failed (url)'));
  });

  it('should_announce_the_url_before_an_agent_navigation', async () => {
    const { page } = await customer('/demo/index.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await grantControl(page, a.page);
    await a.page.click('#nav-refresh');
    const announced = await until('onAgentNavigated', async () => (await events(page, 'onAgentNavigated'))[0]);
    assert.deepEqual(announced[0], { command: 'refresh' });
  });

  it('should_show_the_agent_pointer_and_let_the_agent_click_and_type_in_write_mode', async () => {
    const { page } = await customer('/demo/apply.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('the page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Apply for a card');
    /** Where an element of the replayed page is on the console's screen. */
    const onConsole = async (selector) => {
      const frame = await replayFrame(a.page);
      const r = await frame.evaluate((s) => document.querySelector(s).getBoundingClientRect().toJSON(), selector);
      const box = await a.page.locator('#replay-root iframe').boundingBox();
      const scale = box.width / (await frame.evaluate(() => window.innerWidth));
      return { x: box.x + (r.x + r.width / 2) * scale, y: box.y + (r.y + r.height / 2) * scale };
    };
    const target = await onConsole('#show-password');
    await a.page.mouse.move(target.x, target.y, { steps: 3 });
    const pointerShown = () =>
      page.evaluate(() => document.querySelector('[data-gcb-ui=agent-pointer]')?.shadowRoot?.querySelector('.pointer')?.style.display === 'block');
    await until('the agent pointer on the customer page', pointerShown);
    await until('the agent hover on the customer page', () => page.evaluate(() => document.querySelector('#show-password').classList.contains('gcb-hover')));
    // pointer mode: a click is only highlighted
    const name = await onConsole('#name');
    await a.page.mouse.click(name.x, name.y);
    assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'name');
    await grantControl(page, a.page);
    await a.page.mouse.click(name.x, name.y);
    await until('the focus on the customer side', async () => (await page.evaluate(() => document.activeElement?.id)) === 'name');
    await a.page.keyboard.type('Hi');
    await until('the typed text on the customer side', async () => (await page.inputValue('#name')) === 'Hi');
    // the customer takes control back
    await page.getByRole('button', { name: 'Stop control' }).click();
    await until('pointer mode on the agent side', async () => (await a.page.textContent('#mode')) === 'Pointer mode');
  });

  it('should_end_with_self_when_the_customer_exits', async () => {
    const { page } = await customer('/demo/index.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await page.evaluate(() => window.__gcb.api.exitSession());
    const ended = await until('onSessionEnded', async () => (await events(page, 'onSessionEnded'))[0]);
    assert.deepEqual(ended[0], { reason: 'self' });
    await until('the console to show the end', async () => !(await a.page.locator('#session').isVisible()));
  });

  it('should_end_with_external_when_the_agent_stops_the_session', async () => {
    const { page } = await customer('/demo/index.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await a.page.click('#stop');
    const ended = await until('onSessionEnded', async () => (await events(page, 'onSessionEnded'))[0]);
    assert.deepEqual(ended[0], { reason: 'external' });
  });

  it('should_show_the_current_page_to_a_late_agent', async () => {
    const { page } = await customer('/demo/index.html');
    const token = await startByApi(page);
    await page.click('#add-row');
    await page.click('#add-row');
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'late-marker';
      p.textContent = 'added before the agent came';
      document.querySelector('main').appendChild(p);
    });
    await new Promise((r) => setTimeout(r, 300)); // let the batch leave (the stream flushes within ~30 ms)
    const a = await agent(token);
    await until('the late marker', async () => (await replayText(a.page, '#late-marker')) === 'added before the agent came');
    assert.notEqual(await replayText(a.page, '#row-14'), null);
  });

  it('should_never_run_scripts_from_the_customer_page_in_the_console', async () => {
    const { page } = await customer('/demo/index.html');
    const token = await startByApi(page);
    const a = await agent(token);
    await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.id = 'payloads';
      box.innerHTML =
        '<img id="p1" src="/nope.png" onerror="try{window.top.__pwned=(window.top.__pwned||0)+1}catch(e){}">' +
        '<a id="p2" href="javascript:window.top.__pwned=1">x</a>' +
        '<svg id="p3"><a xlink:href="javascript:alert(1)"><text>y</text></a></svg>' +
        '<iframe id="p4" srcdoc="<script>parent.parent.__pwned=1</script>"></iframe>';
      document.querySelector('main').appendChild(box);
      const s = document.createElement('script');
      s.textContent = 'try{window.top.__pwnedByScript=1}catch(e){}';
      box.appendChild(s);
    });
    await until('the payload container on the agent side', async () => (await replayText(a.page, '#payloads')) !== null);
    const frame = await replayFrame(a.page);
    const attrs = await frame.evaluate(() => ({
      onerror: document.querySelector('#p1')?.getAttribute('onerror') ?? null,
      href: document.querySelector('#p2')?.getAttribute('href') ?? null,
      srcdoc: document.querySelector('#p4')?.getAttribute('srcdoc') ?? null,
      scripts: document.querySelectorAll('script').length,
    }));
    assert.deepEqual(attrs, { onerror: null, href: null, srcdoc: null, scripts: 0 });
    await a.page.click('#overlay', { position: { x: 50, y: 50 } });
    const pwned = await a.page.evaluate(() => [window.__pwned, window.__pwnedByScript]);
    assert.deepEqual(pwned, [undefined, undefined]);
    assert.deepEqual(a.dialogs, []);
    const sandbox = await a.page.getAttribute('#replay-root iframe', 'sandbox');
    assert.ok(!String(sandbox).includes('allow-scripts'), 'the replay iframe must not allow scripts');
  });

  it('should_work_end_to_end_with_disableWebSockets', async () => {
    const { page, traffic } = await customer('/demo/index.html', { disableWebSockets: true });
    const token = await startByApi(page);
    const a = await agent(token, { longPolling: true });
    await until('the page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await page.click('#add-row');
    await until('the added row', async () => (await replayText(a.page, '#row-13')) !== null);
    await page.evaluate(() => window.__gcb.api.exitSession());
    await until('onSessionEnded', async () => (await events(page, 'onSessionEnded')).length === 1);
    assert.equal(traffic.websockets, 0, 'no WebSocket may be opened with disableWebSockets');
  });
});
