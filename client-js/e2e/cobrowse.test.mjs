// End-to-end: a customer page and an agent console in Chromium against the real Tandem server.
//   npm run e2e                                      (starts ../server/target/tandem-server.jar)
//   TANDEM_URL=http://127.0.0.1:8700 npm run e2e     (a running server; see harness.mjs)
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CANARIES,
  agentLog,
  events,
  openAgent,
  openCustomer,
  replayFrame,
  replayText,
  startByApi,
  startEnvironment,
  startSite,
  streamSettled,
  until,
  wire,
} from './harness.mjs';

const TRANSPORTS = [
  { name: 'websocket', disableWebSockets: false },
  { name: 'long-polling', disableWebSockets: true },
];

let env;
const contexts = [];
const customers = [];
before(async () => {
  env = await startEnvironment();
});
afterEach(async () => {
  // Nothing the customer's browser sent honestly may have been refused by the server.
  const refused = customers.splice(0).flatMap((c) => c.problems.filter((p) => /\/service\/session\/stream failed: 4\d\d/.test(p)));
  // close each test's pages: live sessions left open would load the machine for the next tests
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  assert.deepEqual(refused, [], 'the server refused page updates of an honest customer');
});
after(async () => {
  await env?.close();
  if (env?.serverLog) {
    assert.deepEqual(env.serverLog.filter((l) => l.includes('Refused page-stream batch')), [], 'the server refused page-stream batches');
  }
});

async function customer(path, options) {
  const c = await openCustomer(env, path, options);
  contexts.push(c.context);
  customers.push(c);
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

/** Whether the agent's replay shows `selector` as CSS displays it (not `display: none`). */
async function shownOnAgentSide(agentPage, selector) {
  return (await replayFrame(agentPage)).evaluate((s) => {
    const el = document.querySelector(s);
    return el !== null && getComputedStyle(el).display !== 'none';
  }, selector);
}

function assertTransport(transport, ...sides) {
  for (const side of sides) {
    if (transport.disableWebSockets) {
      assert.equal(side.traffic.websockets, 0, 'no WebSocket may be opened with disableWebSockets / ?longPolling');
      assert.ok(side.traffic.polls > 0, 'long-polling carried the session');
    } else {
      assert.ok(side.traffic.websockets > 0, 'the session ran over WebSocket');
    }
  }
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

  for (const transport of TRANSPORTS) {
    describe(`over ${transport.name}`, () => {
      const agentOptions = { longPolling: transport.disableWebSockets };
      const customerOptions = { disableWebSockets: transport.disableWebSockets };

      it('should_show_the_page_live_to_the_agent_dom_input_scroll_and_hover', async () => {
        const c = await customer('/demo/index.html', customerOptions);
        const { page } = c;
        const token = await startByApi(page);
        const a = await agent(token, agentOptions);
        await until('the page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
        await until('onAgentJoined', async () => (await events(page, 'onAgentJoined')).length === 1);
        const [joinedAgent, joinedSession] = (await events(page, 'onAgentJoined'))[0];
        assert.deepEqual(joinedAgent, {});
        assert.equal(joinedSession.token, token);
        assert.equal(joinedSession.agents.length, 1);

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
        // hover: the menu's :hover rule opens the submenu on the agent side too
        assert.equal(await shownOnAgentSide(a.page, '.has-sub .sub'), false);
        await page.hover('.has-sub > a');
        await until('the hover menu on the agent side', () => shownOnAgentSide(a.page, '.has-sub .sub'));
        await page.mouse.move(5, 690);
        await until('the hover menu closed on the agent side', async () => !(await shownOnAgentSide(a.page, '.has-sub .sub')));
        // input (not masked)
        await page.goto(env.url + '/demo/apply.html');
        await until('the apply page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Apply for a card');
        await page.fill('#name', 'Ada Lovelace');
        await until('the typed name', async () => (await replayFrame(a.page)).evaluate(() => document.querySelector('#name')?.value === 'Ada Lovelace'));
        await page.hover('#show-password');
        await until('the button hover on the agent side', async () =>
          (await replayFrame(a.page)).evaluate(() => getComputedStyle(document.querySelector('#show-password')).backgroundColor === 'rgb(21, 128, 61)'),
        );
        // scroll of the page
        await page.goto(env.url + '/demo/accounts.html');
        await until('the accounts page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Accounts');
        // the agent's view jumps to the customer's position at once (no animation that lags behind)
        await replayFrame(a.page);
        const firstMove = a.page.evaluate(
          () =>
            new Promise((resolve) => {
              const view = document.querySelector('#replay-root iframe').contentWindow;
              const started = performance.now();
              const look = () => (view.scrollY !== 0 || performance.now() - started > 15000 ? resolve(view.scrollY) : requestAnimationFrame(look));
              look();
            }),
        );
        await page.evaluate(() => window.scrollTo(0, 300));
        assert.ok(Math.abs((await firstMove) - 300) < 2, `the agent's view scrolled through ${await firstMove} on its way to 300`);
        await until('the scroll position', async () => (await replayFrame(a.page)).evaluate(() => Math.abs(window.scrollY - 300) < 2));
        // the viewport size
        await page.setViewportSize({ width: 900, height: 600 });
        await until('the viewport size', async () => (await a.page.textContent('#page-size')) === '(900×600)');
        assertTransport(transport, c, a);
      });

      it('should_never_send_masked_values_or_passwords', async () => {
        const c = await customer('/demo/apply.html', customerOptions);
        const { page } = c;
        const token = await startByApi(page);
        const a = await agent(token, agentOptions);
        await until('the page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Apply for a card');
        await page.fill('#password', CANARIES.password);
        await page.fill('#card', CANARIES.card);
        await page.click('#show-password'); // the password field becomes type=text
        await page.fill('#password', CANARIES.toggled);
        // The customer empties the pre-filled masked field, then the page moves it (as frameworks
        // re-render): the added node carries the field's value attribute.
        await page.fill('#referral', '');
        await page.evaluate(() => document.querySelector('#notes').closest('label').after(document.querySelector('#referral').closest('label')));
        await until('the moved field on the agent side', async () =>
          (await replayFrame(a.page)).evaluate(() => document.querySelector('#notes')?.closest('label')?.nextElementSibling?.querySelector('#referral') != null),
        );
        assert.equal(await (await replayFrame(a.page)).evaluate(() => document.querySelector('#referral').value), '');
        await page.fill('#name', 'visible name');
        await until('the visible field', async () => (await replayFrame(a.page)).evaluate(() => document.querySelector('#name')?.value === 'visible name'));
        await until('the masked card value on the agent side', async () =>
          (await replayFrame(a.page)).evaluate((n) => document.querySelector('#card')?.value === '*'.repeat(n), CANARIES.card.length),
        );
        await page.goto(env.url + '/demo/index.html'); // the balance (.gcb-mask text)
        await until('the home page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
        assert.match(await replayText(a.page, '#balance'), /^[*\s]+$/);
        await page.goto(env.url + '/demo/accounts.html'); // a masked text inside a same-origin iframe
        await until('the iframe on the agent side', async () =>
          (await replayFrame(a.page)).evaluate(() => /^[*\s]+$/.test(document.querySelector('iframe')?.contentDocument?.querySelector('#frame-secret')?.textContent ?? '')),
        );
        await until('the customer page to be on the server', () => streamSettled(c.traffic));
        const all = wire(c.traffic, a.traffic);
        assert.ok(all.includes('visible name'), 'the capture must have run');
        for (const [name, canary] of Object.entries(CANARIES)) assert.ok(!all.includes(canary), `${name} leaked onto the wire`);
        assertTransport(transport, c, a);
      });

      it('should_keep_the_session_across_navigation_and_the_agent_follows', async () => {
        const c = await customer('/demo/index.html', customerOptions);
        const { page } = c;
        const token = await startByApi(page);
        const a = await agent(token, agentOptions);
        await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
        await page.click('header a[href="accounts.html"]');
        await page.waitForURL(/accounts\.html/);
        const initialized = await until('onInitialized on the new page', async () => (await events(page, 'onInitialized'))[0]);
        assert.equal(initialized[0].token, token);
        assert.equal(c.history.filter((e) => e.name === 'onSessionStarted').length, 1, 'a resumed session does not start again');
        await until('accounts on the agent side', async () => (await replayText(a.page, 'h1')) === 'Accounts');
        assert.equal(await a.page.textContent('#page-url'), page.url());
        assert.equal(await a.page.textContent('#session-token'), token);
        assertTransport(transport, c, a);
      });

      it('should_end_with_self_on_both_sides_when_the_customer_exits', async () => {
        const c = await customer('/demo/index.html', customerOptions);
        const { page } = c;
        const token = await startByApi(page);
        const a = await agent(token, agentOptions);
        await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
        await page.evaluate(() => window.__gcb.api.exitSession());
        const ended = await until('onSessionEnded', async () => (await events(page, 'onSessionEnded'))[0]);
        assert.deepEqual(ended[0], { reason: 'self' });
        await until('the console to show the end', async () => !(await a.page.locator('#session').isVisible()));
        assert.ok((await agentLog(a.page)).includes('The customer ended the session.'));
        assert.equal((await events(page, 'onSessionEnded')).length, 1, 'the session ends once');
        assertTransport(transport, c, a);
      });

      it('should_end_with_external_on_both_sides_when_the_agent_stops_the_session', async () => {
        const c = await customer('/demo/index.html', customerOptions);
        const { page } = c;
        const token = await startByApi(page);
        const a = await agent(token, agentOptions);
        await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
        await a.page.click('#stop');
        const ended = await until('onSessionEnded', async () => (await events(page, 'onSessionEnded'))[0]);
        assert.deepEqual(ended[0], { reason: 'external' });
        await until('the console to show the end', async () => !(await a.page.locator('#session').isVisible()));
        assert.ok((await agentLog(a.page)).includes('You stopped the session.'));
        await until('the toolbar to go', async () => (await page.getByRole('region', { name: 'Co-browse session' }).count()) === 0);
        assertTransport(transport, c, a);
      });
    });
  }

  it('should_sync_hover_of_a_cross_origin_stylesheet_through_the_css_proxy', async () => {
    const { page } = await customer('/demo/index.html');
    const proxied = [];
    page.on('response', async (r) => {
      if (r.url().includes('/rest/css?')) proxied.push({ status: r.status(), body: await r.text().catch(() => '') });
    });
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
    await until('the CSS proxy answer', () => proxied.length > 0);
    assert.equal(
      proxied[0].status,
      200,
      `the CSS proxy refused the stylesheet (${proxied[0].body}); a server on loopback needs TANDEM_CSS_PROXY_ALLOW_PRIVATE_ADDRESSES=true`,
    );
    await until('the proxied hover copy on the customer page', () =>
      page.evaluate(() => [...document.querySelectorAll('style[data-gcb-hover-css]')].some((s) => s.textContent.includes('.partner-offer.gcb-hover'))),
    );
    const a = await agent(token);
    await page.hover('#partner');
    await until('the partner hover style on the agent side', async () =>
      (await replayFrame(a.page)).evaluate(() => getComputedStyle(document.querySelector('#partner')).borderTopColor === 'rgb(124, 58, 237)'),
    );
  });

  it('should_navigate_the_customer_when_the_agent_navigates_in_write_mode', async () => {
    const c = await customer('/demo/index.html');
    const { page } = c;
    const token = await startByApi(page);
    const a = await agent(token);
    await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await grantControl(page, a.page);
    const target = env.url + '/demo/accounts.html';
    await a.page.fill('#nav-url', target);
    const navigation = page.waitForURL(/accounts\.html/, { timeout: 15000 });
    await a.page.click('#nav-url-form button[type=submit]');
    const announced = await until('onAgentNavigated', () => c.history.find((e) => e.name === 'onAgentNavigated'));
    assert.deepEqual(announced.args, [{ command: 'url', url: target }]);
    assert.match(announced.url, /index\.html$/, 'onAgentNavigated fires before the navigation');
    await navigation;
    await until('accounts on the agent side', async () => (await replayText(a.page, 'h1')) === 'Accounts');
    // write mode survives the page load; forward has no history: onNavigationFailed
    await until('control mode again', async () => (await a.page.textContent('#mode')) === 'Control mode');
    await a.page.click('#nav-forward');
    await until('onNavigationFailed', async () => (await events(page, 'onNavigationFailed')).length === 1);
    // a URL on another origin is refused
    await a.page.fill('#nav-url', 'https://elsewhere.example/');
    await a.page.click('#nav-url-form button[type=submit]');
    await until('the failed URL navigation on the agent side', async () => (await agentLog(a.page)).includes('Navigation failed (url)'));
    assert.equal(page.url(), target);
  });

  it('should_announce_a_refresh_before_the_agent_reloads_the_page', async () => {
    const c = await customer('/demo/index.html');
    const { page } = c;
    const token = await startByApi(page);
    const a = await agent(token);
    await until('home on the agent side', async () => (await replayText(a.page, 'h1')) === 'Welcome to Tandem Demo Bank');
    await grantControl(page, a.page);
    await page.evaluate(() => (window.__beforeRefresh = true));
    await a.page.click('#nav-refresh');
    const announced = await until('onAgentNavigated', () => c.history.find((e) => e.name === 'onAgentNavigated'));
    assert.deepEqual(announced.args, [{ command: 'refresh' }]);
    await until('the reload', () => page.evaluate(() => window.__beforeRefresh === undefined && window.__gcb?.api !== null));
    const initialized = await until('onInitialized after the reload', async () => (await events(page, 'onInitialized'))[0]);
    assert.equal(initialized[0].token, token);
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
    // DOM control: the read-only submit button refuses the agent's click
    await page.evaluate(() => document.querySelector('#submit').scrollIntoView({ block: 'center' }));
    await until('the scrolled page on the agent side', async () => {
      const frame = await replayFrame(a.page);
      const r = await frame.evaluate(() => document.querySelector('#submit').getBoundingClientRect().toJSON());
      return r.top >= 0 && r.bottom <= (await frame.evaluate(() => window.innerHeight));
    });
    // One click: the agent's view shows the scroll at once (an animated scroll once moved the button
    // away from under a click aimed at it, in CI).
    const submit = await onConsole('#submit');
    await a.page.mouse.click(submit.x, submit.y);
    await until('the refusal on the agent side', async () => (await agentLog(a.page)).includes('refused click: read-only element'));
    assert.match(page.url(), /apply\.html$/);
    // the customer takes control back
    await page.getByRole('button', { name: 'Stop control' }).click();
    await until('pointer mode on the agent side', async () => (await a.page.textContent('#mode')) === 'Pointer mode');
  });

  it('should_tell_the_agent_when_the_page_is_too_large_to_send_and_show_the_next_page', async () => {
    const c = await customer('/demo/index.html');
    const { page } = c;
    // a page above the server's 8 MiB page-stream limit (BayeuxOptions maxLargeMessageBytes)
    await page.evaluate(() => {
      const pre = document.createElement('pre');
      pre.id = 'huge';
      pre.textContent = 'x'.repeat(9 * 1024 * 1024);
      document.body.appendChild(pre);
    });
    const token = await startByApi(page);
    const a = await agent(token);
    await until('the explanation in the console', async () => (await agentLog(a.page)).includes('The customer’s page is too large to show here'));
    assert.match(await a.page.textContent('#page-url'), /too large to show here \(9\.\d MB; the limit is 7\.9 MB\)/);
    assert.ok(!c.traffic.sent.some((f) => f.length > 8 * 1024 * 1024), 'nothing above the server limit went out');
    await page.goto(env.url + '/demo/accounts.html');
    await until('the next page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Accounts');
  });

  it('should_show_the_current_page_to_a_late_agent', async () => {
    const c = await customer('/demo/index.html');
    const { page } = c;
    const token = await startByApi(page);
    await page.click('#add-row');
    await page.click('#add-row');
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'late-marker';
      p.textContent = 'added before the agent came';
      document.querySelector('main').appendChild(p);
    });
    await until('the marker to leave the customer', () => c.traffic.sent.some((f) => f.includes('added before the agent came')));
    await until('every batch to be on the server', () => streamSettled(c.traffic));
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
    // the broken image has had its chance to fire onerror
    await until('the broken image to fail', () => frame.evaluate(() => document.querySelector('#p1')?.complete === true));
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

  for (const transport of TRANSPORTS) {
    it(`should_co_browse_a_site_on_another_origin_over_${transport.name.replace('-', '_')}`, async () => {
      // The instrumented website on its own origin, as in production; the application, the Bayeux
      // endpoint and the console are the real server's.
      const html = `<!doctype html><html><head><title>Shop</title>
        <style>#deal:hover{outline:3px solid rgb(200, 0, 0)}</style>
        <script>var _genesys = {cobrowse: {disableBuiltInUI: true}};</script>
        <script async id="genesys-cobrowse" src="${env.url}/cobrowse/js/gcb.min.js"></script></head>
        <body><h1>Shop on another origin</h1><p id="deal">Deal of the day</p>
        <label>Coupon <input id="coupon"></label><p class="gcb-mask" id="secret">SITE-CANARY-3131</p>
        <ul id="list"></ul></body></html>`;
      const site = await startSite(html);
      contexts.push(site);
      const c = await customer(site.url, { disableWebSockets: transport.disableWebSockets });
      const { page } = c;
      const token = await startByApi(page);
      const a = await agent(token, { longPolling: transport.disableWebSockets });
      await until('the site on the agent side', async () => (await replayText(a.page, 'h1')) === 'Shop on another origin');
      assert.equal(await a.page.textContent('#page-url'), site.url);
      await page.evaluate(() => {
        const li = document.createElement('li');
        li.id = 'added';
        li.textContent = 'added item';
        document.querySelector('#list').appendChild(li);
      });
      await until('the added item', async () => (await replayText(a.page, '#added')) === 'added item');
      await page.fill('#coupon', 'SPRING');
      await until('the coupon', async () => (await replayFrame(a.page)).evaluate(() => document.querySelector('#coupon')?.value === 'SPRING'));
      await page.hover('#deal');
      await until('the hover on the agent side', async () =>
        (await replayFrame(a.page)).evaluate(() => getComputedStyle(document.querySelector('#deal')).outlineColor === 'rgb(200, 0, 0)'),
      );
      await page.evaluate(() => window.__gcb.api.exitSession());
      assert.deepEqual((await until('onSessionEnded', async () => (await events(page, 'onSessionEnded'))[0]))[0], { reason: 'self' });
      assert.ok(!wire(c.traffic, a.traffic).includes('SITE-CANARY-3131'), 'the masked text leaked onto the wire');
      assertTransport(transport, c, a);
    });
  }
});
