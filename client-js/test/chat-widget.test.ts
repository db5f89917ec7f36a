// @vitest-environment jsdom
// The built-in chat: widget UI, Chat Widget API (APIs.chat) and its External Media Adapter.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { builtinPlatform } from '../src/chat/builtin-platform';
import { readChatConfig } from '../src/customer/config';
import { BuiltInChat } from '../src/customer/chat/built-in-chat';
import { serverLocationFromBase } from '../src/shared/server-url';
import { BOB, chatServer, flush, message, view, CUSTOMER } from './chat-fixtures';
import type { FakeConnection } from './fake-connection';

function setup(conn: FakeConnection, chat: object = {}, isPrimaryMedia = true) {
  const built = new BuiltInChat({
    doc: document,
    server: serverLocationFromBase('http://cobrowse.test/cobrowse'),
    config: readChatConfig(chat),
    disableWebSockets: false,
    isPrimaryMedia,
    platform: { ...builtinPlatform, connect: () => conn },
  });
  built.mountUi(window.sessionStorage);
  const root = () => Array.from(document.querySelectorAll('[data-gcb-ui=chat]')).pop()!.shadowRoot!;
  const q = <T extends Element = HTMLElement>(selector: string) => root().querySelector<T & HTMLElement>(selector)!;
  const button = (text: string) => Array.from(root().querySelectorAll('button')).find((b) => b.textContent === text)!;
  return { built, root, q, button, launcher: () => q<HTMLButtonElement>('.launcher'), win: () => q('[role=dialog]') };
}

const until = async (condition: () => boolean, what: string) => {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the built-in chat widget', () => {
  beforeEach(() => {
    document.body.innerHTML = '<p>page</p>';
    window.sessionStorage.clear();
  });

  it('should_be_an_accessible_service_element_whose_button_waits_for_the_media', () => {
    const { conn } = chatServer();
    const { built, launcher, win } = setup(conn);
    const host = document.querySelector('[data-gcb-ui=chat]')!;
    expect(host.classList.contains('gcb-service')).toBe(true);
    expect(host.shadowRoot).not.toBeNull();
    expect(launcher().hidden).toBe(true);
    built.showLauncher();
    expect(launcher().hidden).toBe(false);
    expect(launcher().getAttribute('aria-label')).toBe('Live chat with a representative');
    expect(launcher().getAttribute('aria-haspopup')).toBe('dialog');
    expect(launcher().getAttribute('aria-expanded')).toBe('false');
    launcher().click();
    expect(win().hidden).toBe(false);
    expect(win().getAttribute('aria-labelledby')).toBe('gcb-chat-title');
    expect(launcher().getAttribute('aria-expanded')).toBe('true');
    expect(host.shadowRoot!.activeElement?.getAttribute('name')).toBe('nickname');
  });

  it('should_not_show_the_live_chat_button_when_another_media_substitutes_it', () => {
    const { conn } = chatServer();
    const { built, launcher } = setup(conn, {}, false);
    built.showLauncher();
    expect(launcher().hidden).toBe(true);
  });

  it('should_start_converse_with_the_keyboard_and_render_text_as_text', async () => {
    const { conn, event, setSeq } = chatServer();
    const { built, q, button, launcher } = setup(conn);
    built.showLauncher();
    launcher().click();
    q<HTMLInputElement>('input[name=nickname]').value = 'John';
    button('Start chat').click();
    await until(() => q('[role=status]').textContent === 'Waiting for a representative…', 'waiting');
    expect(conn.callsTo('/service/chat/start')[0].data).toEqual({ v: 1, nickname: 'John' });
    event({ type: 'joined', member: BOB });
    expect(q('[role=status]').textContent).toBe('Chatting with Bob.');
    expect(q('[role=log]').textContent).toContain('Bob joined the chat.');
    event({ type: 'typing', userId: 2, typing: true });
    expect(q('.typing').textContent).toBe('Bob is typing…');
    event({ type: 'message', message: message(1, 2, '<b onclick="x()">Hi</b>') });
    expect(q('.typing').textContent).toBe('');
    expect(q('[role=log]').querySelector('b')).toBeNull();
    expect(q('[role=log]').textContent).toContain('<b onclick="x()">Hi</b>');
    setSeq(1);
    const input = q<HTMLTextAreaElement>('textarea');
    input.value = 'line one';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    expect(conn.callsTo('/service/chat/send')).toHaveLength(0);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await until(() => q('[role=log]').textContent!.includes('line one'), 'the own message');
    expect(conn.callsTo('/service/chat/send')[0].data).toMatchObject({ text: 'line one' });
    expect(input.value).toBe('');
  });

  it('should_minimise_with_escape_count_unread_and_show_the_end', async () => {
    const { conn, event } = chatServer();
    const { built, q, root, launcher, win, button } = setup(conn);
    built.showLauncher();
    let session: unknown;
    built.api.startChat({ nickname: 'John' }).done((s) => (session = s));
    await until(() => session !== undefined, 'the session');
    expect(win().hidden).toBe(false);
    q('textarea').focus();
    win().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(win().hidden).toBe(true);
    expect(root().activeElement).toBe(launcher());
    event({ type: 'joined', member: BOB });
    event({ type: 'message', message: message(1, 2, 'are you there?') });
    expect(launcher().textContent).toBe('Live Chat (1)');
    expect(launcher().getAttribute('aria-label')).toBe('Live chat with a representative, 1 new');
    launcher().click();
    expect(launcher().textContent).toBe('Live Chat');
    event({ type: 'ended', reason: 'agentEnded', endTime: 9 });
    expect(q('.ended').hidden).toBe(false);
    expect(q('.ended').textContent).toContain('The representative ended the chat.');
    expect(q('.compose').hidden).toBe(true);
    button('Start a new chat').click();
    expect(q('.start').hidden).toBe(false);
  });

  it('should_restore_the_transcript_and_the_open_window_on_the_next_page', async () => {
    const first = chatServer();
    const a = setup(first.conn);
    a.built.showLauncher();
    await new Promise((resolve) => a.built.api.startChat().done(resolve));
    expect(a.win().hidden).toBe(false);
    // the next page: a new document body, the same sessionStorage
    document.body.innerHTML = '<p>next page</p>';
    const { conn } = chatServer({ initial: { messages: [message(1, 1, 'Hello?'), message(2, 2, 'Hi John')] } });
    const b = setup(conn);
    let ready = false;
    b.built.media.initializeAsync!(() => (ready = true)); // autoRestore (default)
    await until(() => ready, 'the restore');
    b.built.showLauncher();
    expect(b.win().hidden).toBe(false);
    expect(b.q('[role=log]').textContent).toContain('Hello?');
    expect(b.q('[role=log]').textContent).toContain('Hi John');
    expect(b.q('[role=status]').textContent).toBe('Chatting with Bob.');
  });
});

describe('the built-in chat as primary media and the Chat Widget API', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    window.sessionStorage.clear();
  });

  it('should_tell_whether_an_agent_is_connected_and_share_the_token_in_the_chat', async () => {
    const { conn, event } = chatServer();
    const { built } = setup(conn);
    const media = built.media;
    expect(media.isAgentConnected!()).toBe(false);
    media.sendCbSessionToken!('123456789'); // no chat: nothing to send
    await new Promise((resolve) => built.api.startChat().done(resolve));
    expect(media.isAgentConnected!()).toBe(false); // waiting
    event({ type: 'joined', member: BOB });
    expect(media.isAgentConnected!()).toBe(true);
    media.sendCbSessionToken!('123456789');
    await until(() => conn.callsTo('/service/chat/send').length === 1, 'the token');
    expect(conn.callsTo('/service/chat/send')[0].data).toEqual({ v: 1, userToken: 'iLMayOPJfdEDBhflsc9-ng', kind: 'cobrowse', sessionToken: '123456789' });
  });

  it('should_not_restore_by_itself_with_autoRestore_false_and_follow_the_seeds_example', async () => {
    const first = chatServer();
    await new Promise((resolve) => setup(first.conn).built.api.startChat().done(resolve));
    const { conn } = chatServer({ initial: { state: 'active', members: [CUSTOMER, BOB] } });
    const { built } = setup(conn, { autoRestore: false });
    const done = vi.fn();
    built.media.initializeAsync!(done);
    expect(done).toHaveBeenCalled();
    await flush();
    expect(conn.callsTo('/service/chat/restore')).toHaveLength(0);
    // the seed: restoreChat().done(...).fail(() => startChat().done(...))
    const restored = await new Promise((resolve) => built.api.restoreChat().done((s) => resolve(s.chatId)).fail(() => resolve('failed')));
    expect(restored).toBe(view().chatId);
  });

  it('should_start_a_new_chat_when_restoreChat_fails_as_in_the_seeds_example', async () => {
    const { conn } = chatServer();
    const { built } = setup(conn);
    const chatId = await new Promise((resolve) =>
      built.api
        .restoreChat()
        .done(() => resolve('restored?'))
        .fail((failure) => {
          expect(failure).toEqual({}); // nothing to restore: no error
          built.api.startChat().done((session) => {
            session.sendMessage('Hello World!');
            resolve(session.chatId);
          });
        }),
    );
    expect(chatId).toBe(view().chatId);
    await until(() => conn.callsTo('/service/chat/send').length === 1, 'the message');
    expect(built.api.getSession()?.chatId).toBe(chatId);
    expect(built.api.isOpen()).toBe(true);
    built.api.close();
    expect(built.api.isOpen()).toBe(false);
  });

  it('should_work_without_its_ui_when_the_chat_ui_is_disabled', async () => {
    const { conn } = chatServer();
    const { built } = setup(conn, { disableBuiltInUI: true });
    expect(document.querySelector('[data-gcb-ui=chat]')).toBeNull();
    const session = await new Promise<{ chatId: string }>((resolve) => built.api.startChat().done(resolve));
    expect(session.chatId).toBe(view().chatId);
    built.api.open();
    expect(built.api.isOpen()).toBe(false);
  });
});
