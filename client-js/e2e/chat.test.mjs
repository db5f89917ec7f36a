// End-to-end: the built-in chat widget, the Chat Service API bundles and the External Media
// Adapter against the real Tandem server, with the agent console in Chromium.
//   npm run e2e                                      (starts ../server/target/tandem-server.jar)
//   TANDEM_URL=http://127.0.0.1:8700 npm run e2e     (a running server; see harness.mjs)
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { events, openAgent, openConsole, openCustomer, replayText, startEnvironment, startSite, until } from './harness.mjs';

let env;
const closers = [];
let counter = 0;
/** Names differ per test: every test's waiting chats are on the same server. */
const unique = (name) => `${name}${++counter}x${process.pid % 1000}`;

before(async () => {
  env = await startEnvironment();
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c.close().catch(() => undefined);
});
after(async () => {
  await env?.close();
});

async function customer(path) {
  const c = await openCustomer(env, path);
  closers.push(c.context);
  return c;
}

async function agentConsole(name) {
  const a = await openConsole(env, name);
  closers.push(a.context);
  return a.page;
}

const chatWindow = (page) => page.getByRole('dialog', { name: 'Live chat' });
const widgetStatus = (page) => chatWindow(page).getByRole('status').textContent();
const widgetLog = (page) => chatWindow(page).getByRole('log', { name: 'Chat messages' }).textContent();

async function startChatFromWidget(page, name, subject = '') {
  await page.getByRole('button', { name: 'Live chat with a representative' }).click();
  await chatWindow(page).getByLabel('Your name (optional)').fill(name);
  if (subject) await chatWindow(page).getByLabel('What is it about? (optional)').fill(subject);
  await chatWindow(page).getByRole('button', { name: 'Start chat' }).click();
  await until('the waiting status', async () => (await widgetStatus(page)).includes('Waiting for a representative'));
}

async function customerSays(page, text) {
  const input = chatWindow(page).getByLabel('Message', { exact: true });
  await input.fill(text);
  await input.press('Enter');
}

async function accept(agent, name) {
  await agent.getByRole('button', { name: `Accept the chat with ${name}` }).click();
  await until('the conversation', () => agent.locator('#conversation').isVisible());
}

async function agentSays(agent, text) {
  await agent.fill('#chat-input', text);
  await agent.press('#chat-input', 'Enter');
}

const agentMessages = (agent) => agent.textContent('#chat-messages');

/** A customer on the demo site chatting with an agent who accepted. */
async function connectedChat() {
  const john = unique('John');
  const bob = unique('Bob');
  const c = await customer('/demo/index.html');
  const agent = await agentConsole(bob);
  await startChatFromWidget(c.page, john);
  await accept(agent, john);
  await until('the agent on the customer side', async () => (await widgetStatus(c.page)) === `Chatting with ${bob}.`);
  return { c, page: c.page, agent, john, bob };
}

async function transcript(chatId) {
  const response = await fetch(`${env.url}/cobrowse/rest/history/chats/${chatId}`);
  return response.ok ? response.json() : null;
}

describe('chat', () => {
  it('should_chat_between_the_widget_and_the_console_with_typing_and_read_the_transcript_back', async () => {
    const john = unique('John');
    const bob = unique('Bob');
    const { page } = await customer('/demo/index.html');
    const agent = await agentConsole(bob);
    await startChatFromWidget(page, john, 'Order 1234');
    await customerSays(page, 'Hello, is anyone there?');
    await until('the waiting chat in the console', async () => (await agent.textContent('#waiting-list')).includes(john));
    assert.ok((await agent.textContent('#waiting-list')).includes('Order 1234'));
    await accept(agent, john);
    assert.ok((await agentMessages(agent)).includes('Hello, is anyone there?'), 'the message sent while waiting reaches the accepting agent');
    await until('the agent on the customer side', async () => (await widgetStatus(page)) === `Chatting with ${bob}.`);
    assert.ok((await widgetLog(page)).includes(`${bob} joined the chat.`));

    // typing both ways, then messages
    await agent.focus('#chat-input');
    await agent.keyboard.type('Hi');
    await until('the agent typing on the customer side', async () => (await chatWindow(page).locator('.typing').textContent()) === `${bob} is typing…`);
    await agent.keyboard.type(` ${john}, I am ${bob}.`);
    await agent.press('#chat-input', 'Enter');
    await until('the reply on the customer side', async () => (await widgetLog(page)).includes(`Hi ${john}, I am ${bob}.`));
    await until('the typing notice to go', async () => (await chatWindow(page).locator('.typing').textContent()) === '');
    await chatWindow(page).getByLabel('Message', { exact: true }).pressSequentially('My ord');
    await until('the customer typing in the console', async () => (await agent.textContent('#chat-typing')) === `${john} is typing…`);
    await chatWindow(page).getByLabel('Message', { exact: true }).press('Enter');
    await until('the message in the console', async () => (await agentMessages(agent)).includes('My ord'));
    // text is data, not markup, on both sides
    await customerSays(page, '<img src=x onerror="window.__pwned=1">');
    await until('the markup as text in the console', async () => (await agentMessages(agent)).includes('<img src=x onerror="window.__pwned=1">'));
    assert.equal(await agent.locator('#chat-messages img').count(), 0);
    assert.equal(await agent.evaluate(() => window.__pwned), undefined);

    const chatId = await page.evaluate(() => window.__gcb.chat.getSession().chatId);
    await chatWindow(page).getByRole('button', { name: 'End chat' }).click();
    await until('the end on the customer side', async () => (await chatWindow(page).textContent()).includes('You ended the chat.'));
    await until('the end in the console', async () => (await agent.textContent('#conversation-state')) === 'The customer ended the chat.');

    // the transcript, from the history store
    const t = await until('the ended transcript', async () => {
      const body = await transcript(chatId);
      return body?.endReason === 'customerLeft' && body.messages.length === 4 ? body : null;
    });
    assert.equal(t.subject, 'Order 1234');
    assert.deepEqual(
      t.participants.map((p) => [p.role, p.nickname]),
      [
        ['customer', john],
        ['agent', bob],
      ],
    );
    assert.deepEqual(
      t.messages.map((m) => [m.from, m.text]),
      [
        [1, 'Hello, is anyone there?'],
        [2, `Hi ${john}, I am ${bob}.`],
        [1, 'My ord'],
        [1, '<img src=x onerror="window.__pwned=1">'],
      ],
    );
  });

  it('should_restore_the_chat_after_a_reload_and_a_navigation', async () => {
    const { page, agent, john, bob } = await connectedChat();
    await customerSays(page, 'before the reload');
    await agentSays(agent, 'noted');
    await until('the reply', async () => (await widgetLog(page)).includes('noted'));
    const chatId = await page.evaluate(() => window.__gcb.chat.getSession().chatId);

    await page.reload();
    await until('the chat window again', () => chatWindow(page).isVisible());
    await until('the transcript restored', async () => {
      const log = await widgetLog(page);
      return log.includes('before the reload') && log.includes('noted');
    });
    assert.equal(await widgetStatus(page), `Chatting with ${bob}.`);
    assert.equal(await page.evaluate(() => window.__gcb.chat.getSession().chatId), chatId);
    // the restore took the membership over at once: the agent still sees the customer in the chat
    assert.equal(await agent.textContent('#conversation-state'), 'Active.');
    assert.ok((await agent.textContent('#my-chats')).includes(john));
    await customerSays(page, 'after the reload');
    await until('the message after the reload', async () => (await agentMessages(agent)).includes('after the reload'));

    await page.click('header a[href="accounts.html"]');
    await page.waitForURL(/accounts\.html/);
    await until('the transcript on the next page', async () => (await widgetLog(page).catch(() => '')).includes('after the reload'));
    await agentSays(agent, 'I see you moved');
    await until('the reply on the new page', async () => (await widgetLog(page)).includes('I see you moved'));
    assert.equal(await page.evaluate(() => window.__gcb.chat.getSession().chatId), chatId);
  });

  it('should_send_the_cobrowse_token_through_the_chat_and_let_the_agent_join_in_one_click', async () => {
    const { page, agent, john } = await connectedChat();
    await page.getByRole('button', { name: 'Start co-browsing with a representative' }).click();
    const started = await until('onSessionStarted', async () => (await events(page, 'onSessionStarted'))[0]);
    const token = started[0].token;
    assert.equal(await page.getByRole('dialog', { name: 'Co-browse' }).count(), 0, 'no phone question while an agent is in the chat');
    await until('the shared session in the console', async () => (await agentMessages(agent)).includes(`Shared a co-browse session: {start:${token}}`));
    assert.ok((await agent.textContent('#log')).includes(`${john} shared co-browse session ${token}`));
    assert.ok((await widgetLog(page)).includes('You shared your co-browse session with the representative.'));
    await agent.getByRole('button', { name: `Join co-browse session ${token}` }).click();
    await until('the co-browse view', () => agent.locator('#session').isVisible());
    assert.equal(await agent.textContent('#session-token'), token);
    await until('the page on the agent side', async () => (await replayText(agent, 'h1')) === 'Welcome to Tandem Demo Bank');
    await until('onAgentJoined', async () => (await events(page, 'onAgentJoined')).length === 1);
    assert.equal(await page.locator('[data-gcb-ui=chat]').evaluate((host) => host.classList.contains('gcb-service')), true, 'the chat widget is a service element');
    assert.equal(await replayText(agent, '[data-gcb-ui=chat]'), null, 'the agent never sees the chat widget in the page');
  });

  it('should_open_the_chat_from_the_demo_contact_page', async () => {
    const { page } = await customer('/demo/contact.html');
    await page.getByRole('button', { name: 'Chat with us now' }).click();
    await until('the chat window', () => chatWindow(page).isVisible());
    await until('the name field focused', async () => (await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('name'))) === 'nickname');
    await page.keyboard.press('Escape');
    await until('the window minimised', async () => !(await chatWindow(page).isVisible()));
  });

  describe('External Media Adapter', () => {
    /** An integrator's page with its own (fake) chat as the primary media. */
    const adapterPage = () => `<!doctype html><html><head><title>Own chat</title>
      <script>
        window.fakeChat = { sent: [], connected: location.search !== '?offline', calls: 0 };
        var myChatAdapter = {
          initializeAsync: function (done) { window.fakeChat.finishInit = done; },
          isAgentConnected: function () { window.fakeChat.calls++; return window.fakeChat.connected; },
          sendCbSessionToken: function (token) { window.fakeChat.sent.push('{start:' + token + '}'); }
        };
        var _genesys = { cobrowse: { primaryMedia: myChatAdapter } };
      </script>
      <script async id="genesys-cobrowse" src="${env.url}/cobrowse/js/gcb.min.js"></script></head>
      <body><h1>Shop with its own chat</h1></body></html>`;

    it('should_show_the_buttons_after_a_late_initializeAsync_and_pass_the_token_to_sendCbSessionToken', async () => {
      const site = await startSite(adapterPage());
      closers.push(site);
      const { page } = await customer(site.url);
      await until('onInitialized', async () => (await events(page, 'onInitialized')).length === 1);
      await until('initializeAsync to be called', () => page.evaluate(() => typeof window.fakeChat.finishInit === 'function'));
      const cobrowse = page.getByRole('button', { name: 'Start co-browsing with a representative' });
      assert.equal(await cobrowse.isVisible(), false, 'no button before done()');
      await page.evaluate(() => window.fakeChat.finishInit());
      await until('the Co-browse button', () => cobrowse.isVisible());
      assert.equal(await page.getByRole('button', { name: 'Live chat with a representative' }).isVisible(), false, 'the own chat substitutes the built-in one');
      await cobrowse.click();
      const started = await until('onSessionStarted', async () => (await events(page, 'onSessionStarted'))[0]);
      const token = started[0].token;
      assert.deepEqual(await until('the token in the own chat', () => page.evaluate(() => window.fakeChat.sent.length && window.fakeChat.sent)), [`{start:${token}}`]);
      assert.ok((await page.evaluate(() => window.fakeChat.calls)) >= 1, 'isAgentConnected was asked');
      const a = await openAgent(env, token);
      closers.push(a.context);
      await until('the page on the agent side', async () => (await replayText(a.page, 'h1')) === 'Shop with its own chat');
    });

    it('should_ask_the_phone_question_when_isAgentConnected_is_false', async () => {
      const site = await startSite(adapterPage());
      closers.push(site);
      const { page } = await customer(site.url + '?offline');
      await until('initializeAsync to be called', () => page.evaluate(() => typeof window.fakeChat.finishInit === 'function'));
      await page.evaluate(() => window.fakeChat.finishInit());
      await page.getByRole('button', { name: 'Start co-browsing with a representative' }).click();
      await page.getByRole('dialog').getByText('Are you on the phone with a representative?').waitFor();
      await page.getByRole('button', { name: 'Yes' }).click();
      await until('onSessionStarted', async () => (await events(page, 'onSessionStarted')).length === 1);
      assert.deepEqual(await page.evaluate(() => window.fakeChat.sent), [], 'no token for a media without an agent');
    });
  });

  describe('Chat Service API bundles', () => {
    /** Starts a session with the global `chat` and records its events in `window.events`. */
    const startWithGlobalChat = (page, name) =>
      page.evaluate(
        (nickname) =>
          new Promise((resolve, reject) => {
            window.events = [];
            const promise = window.chat.startSession({ nickname });
            window.isJQueryPromise = typeof promise.state === 'function';
            promise
              .done((session) => {
                window.session = session;
                for (const n of ['agentConnected', 'messageReceived', 'agentTyping', 'sessionEnded']) {
                  session.on(n, (e) => window.events.push({ name: n, event: JSON.parse(JSON.stringify(e)) }));
                }
                resolve(session.chatId);
              })
              .fail((f) => reject(new Error(JSON.stringify(f))));
          }),
        name,
      );
    const bundleEvents = (page, name) => page.evaluate((n) => window.events.filter((e) => e.name === n).map((e) => e.event), name);

    /** The agent side of the bundle tests: accept, exchange messages, type, end. */
    async function converse(page, agent, john, bob) {
      await accept(agent, john);
      const [connected] = await until('agentConnected', async () => (await bundleEvents(page, 'agentConnected')).length && bundleEvents(page, 'agentConnected'));
      assert.equal(connected.agent.nickname, bob);
      const sent = await page.evaluate(() => new Promise((resolve, reject) => window.session.sendMessage('Hello from the bundle').done(resolve).fail(reject)));
      assert.equal(sent.text, 'Hello from the bundle');
      await until('the message in the console', async () => (await agentMessages(agent)).includes('Hello from the bundle'));
      await agent.focus('#chat-input');
      await agent.keyboard.type('Welcome');
      const [typing] = await until('agentTyping', async () => (await bundleEvents(page, 'agentTyping')).length && bundleEvents(page, 'agentTyping'));
      assert.deepEqual([typing.agent.nickname, typing.typing], [bob, true]);
      await agent.press('#chat-input', 'Enter');
      const [received] = await until('messageReceived', async () => (await bundleEvents(page, 'messageReceived')).length && bundleEvents(page, 'messageReceived'));
      assert.equal(received.message.text, 'Welcome');
      assert.equal(received.sender.nickname, bob);
    }

    it('should_chat_with_an_agent_through_chatAPI_min_js_alone_on_a_blank_page', async () => {
      const site = await startSite(`<!doctype html><html><head><title>Blank</title>
        <script src="${env.url}/cobrowse/js/chatAPI.min.js"></script></head><body></body></html>`);
      closers.push(site);
      const john = unique('John');
      const bob = unique('Bob');
      const context = await env.browser.newContext();
      closers.push(context);
      const page = await context.newPage();
      await page.goto(site.url);
      assert.deepEqual(await page.evaluate(() => [document.scripts.length, typeof window.jQuery, typeof window._, typeof window.org]), [1, 'undefined', 'undefined', 'undefined']);
      const agent = await agentConsole(bob);
      const chatId = await startWithGlobalChat(page, john);
      assert.equal(await page.evaluate(() => window.isJQueryPromise), false);
      await converse(page, agent, john, bob);
      // the bundle keeps the chat across a reload: restoreSession
      await page.reload();
      const restored = await page.evaluate(
        () => new Promise((resolve, reject) => window.chat.restoreSession().done((s) => resolve([s.chatId, s.getMessages().map((m) => m.text)])).fail((f) => reject(new Error(JSON.stringify(f))))),
      );
      assert.deepEqual(restored, [chatId, ['Hello from the bundle', 'Welcome']]);
      await page.evaluate(() => {
        window.events = [];
        window.chat.getSession().onSessionEnded((e) => window.events.push({ name: 'sessionEnded', event: e }));
      });
      await agent.getByRole('button', { name: 'End chat' }).click();
      const [ended] = await until('sessionEnded', async () => (await bundleEvents(page, 'sessionEnded')).length && bundleEvents(page, 'sessionEnded'));
      assert.equal(ended.reason, 'agentEnded');
    });

    it('should_chat_through_chatAPI_noDeps_on_the_pages_jquery_lodash_and_cometd', async () => {
      // jQuery, lodash and CometD from npm, as the page's own globals; the bundle uses them.
      const html = `<!doctype html><html><head><title>Own libraries</title>
        <script src="/npm/jquery/dist/jquery.min.js"></script>
        <script src="/npm/lodash/lodash.min.js"></script>
        <script type="module">
          import * as cometd from '/npm/cometd/cometd.js';
          window.uses = { cometd: 0, debounce: 0, sortBy: 0, deferred: 0, ajax: 0 };
          class CountedCometD extends cometd.CometD { constructor(name) { super(name); window.uses.cometd++; } }
          window.org = { cometd: { ...cometd, CometD: CountedCometD } };
          for (const [lib, name] of [[_, 'debounce'], [_, 'sortBy'], [$, 'Deferred'], [$, 'ajax']]) {
            const original = lib[name];
            lib[name] = function () { window.uses[name === 'Deferred' ? 'deferred' : name]++; return original.apply(this, arguments); };
          }
          const script = document.createElement('script');
          script.src = '${env.url}/cobrowse/js/chatAPI-noDeps.min.js';
          script.onload = () => (window.chatLoaded = true);
          document.head.appendChild(script);
        </script></head><body></body></html>`;
      const site = await startSite(html, { packages: ['jquery', 'lodash', 'cometd'] });
      closers.push(site);
      const john = unique('John');
      const bob = unique('Bob');
      const context = await env.browser.newContext();
      closers.push(context);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(site.url);
      await until('the noDeps bundle', () => page.evaluate(() => window.chatLoaded === true));
      assert.equal(await page.evaluate(() => typeof window.chat.startSession), 'function', 'no missing library: ' + (await page.evaluate(() => window.chat?.error)));
      const agent = await agentConsole(bob);
      const chatId = await startWithGlobalChat(page, john);
      assert.equal(await page.evaluate(() => window.isJQueryPromise), true, 'the promise is a jQuery Deferred');
      await converse(page, agent, john, bob);
      const transcriptTexts = await until('the transcript through $.ajax', async () => {
        const texts = await page.evaluate(
          () => new Promise((resolve, reject) => window.session.getTranscript().done((t) => resolve(t.messages.map((m) => m.text))).fail((f) => reject(new Error(JSON.stringify(f))))),
        );
        return texts.length === 2 ? texts : null;
      });
      assert.deepEqual(transcriptTexts, ['Hello from the bundle', 'Welcome']);
      const uses = await page.evaluate(() => window.uses);
      assert.ok(uses.cometd >= 1 && uses.debounce >= 1 && uses.sortBy >= 1 && uses.deferred >= 1 && uses.ajax >= 1, JSON.stringify(uses));
      assert.match(chatId, /^[0-9a-f-]{36}$/);
      assert.deepEqual(errors, []);
    });
  });
});
