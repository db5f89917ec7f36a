// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { builtinPlatform } from '../src/chat/builtin-platform';
import { ChatService, chatServiceApi, type ChatSessionApi } from '../src/chat/chat-service';
import type { ChatFailure, ChatPlatform, ChatPromise } from '../src/chat/platform';
import { BOB, CHAT_ID, CUSTOMER, bayeuxError, chatServer, flush, message, view } from './chat-fixtures';
import type { FakeConnection } from './fake-connection';

function service(conn: FakeConnection, platform: Partial<ChatPlatform> = {}) {
  const connect = vi.fn(() => conn);
  const s = new ChatService({ ...builtinPlatform, connect, ...platform }, { serverUrl: 'http://cobrowse.test/cobrowse', storageKey: 'gcb.chatApi' });
  return { api: chatServiceApi(s), connect };
}

function settled<T>(promise: ChatPromise<T>): Promise<{ ok: true; value: T } | { ok: false; failure: ChatFailure }> {
  return new Promise((resolve) => promise.done((value) => resolve({ ok: true, value })).fail((failure) => resolve({ ok: false, failure })));
}

async function started(api: ReturnType<typeof chatServiceApi>, options = {}): Promise<ChatSessionApi> {
  const result = await settled(api.startSession(options));
  if (!result.ok) throw new Error(JSON.stringify(result.failure));
  return result.value;
}

describe('Chat Service API', () => {
  beforeEach(() => window.sessionStorage.clear());
  afterEach(() => vi.useRealTimers());

  it('should_start_a_session_in_the_v1_envelope_and_keep_its_reference', async () => {
    const { conn, event } = chatServer();
    const { api, connect } = service(conn);
    const session = await started(api, { nickname: ' John ', subject: '', serverUrl: 'http://cobrowse.test/cobrowse/cometd/' });
    expect(connect).toHaveBeenCalledWith({ url: 'http://cobrowse.test/cobrowse/cometd', disableWebSockets: false });
    expect(conn.callsTo('/service/chat/start')[0].data).toEqual({ v: 1, nickname: 'John' });
    expect(session.chatId).toBe(CHAT_ID);
    expect(session.getState()).toBe('waiting');
    expect(session.isAgentConnected()).toBe(false);
    expect(JSON.parse(window.sessionStorage.getItem('gcb.chatApi')!)).toEqual({ serverUrl: 'http://cobrowse.test/cobrowse', chatId: CHAT_ID, userToken: 'iLMayOPJfdEDBhflsc9-ng' });
    event({ type: 'joined', member: BOB });
    expect(session.isAgentConnected()).toBe(true);
    expect(session.getAgents()).toEqual([BOB]);
  });

  it('should_map_the_server_events_to_the_seeds_session_events', async () => {
    const { conn, event } = chatServer();
    const { api } = service(conn);
    const session = await started(api);
    const seen: [string, unknown][] = [];
    session
      .on('agentConnected', (e) => seen.push(['agentConnected', e]))
      .onMessageReceived((e) => seen.push(['messageReceived', e]))
      .onAgentTyping((e) => seen.push(['agentTyping', e]))
      .onAgentDisconnected((e) => seen.push(['agentDisconnected', e]))
      .onSessionEnded((e) => seen.push(['sessionEnded', e]));
    event({ type: 'joined', member: BOB });
    event({ type: 'typing', userId: 2, typing: true });
    event({ type: 'message', message: message(1, 2, 'Hi John') }); // a message ends the sender's typing
    event({ type: 'typing', userId: 1, typing: true }); // the customer's own: not an agent's
    event({ type: 'left', userId: 2, reason: 'left', state: 'waiting' });
    event({ type: 'ended', reason: 'waitTimeout', endTime: 5000 });
    event({ type: 'message', message: message(2, 2, 'too late') });
    expect(seen).toEqual([
      ['agentConnected', { agent: BOB }],
      ['agentTyping', { agent: BOB, typing: true }],
      ['agentTyping', { agent: BOB, typing: false }],
      ['messageReceived', { message: message(1, 2, 'Hi John'), sender: BOB }],
      ['agentDisconnected', { agent: BOB, reason: 'left' }],
      ['sessionEnded', { reason: 'waitTimeout', endTime: 5000 }],
    ]);
    expect(session.getState()).toBe('ended');
    expect(window.sessionStorage.getItem('gcb.chatApi')).toBeNull();
    expect(conn.disconnected).toBe(true);
  });

  it('should_send_messages_and_share_a_cobrowse_token_and_refuse_bad_ones_before_the_wire', async () => {
    const { conn } = chatServer();
    const { api } = service(conn);
    const session = await started(api);
    const sent = vi.fn();
    session.onMessageSent(sent);
    const m = await settled(session.sendMessage('Hello?'));
    expect(m).toEqual({ ok: true, value: message(1, 1, 'Hello?') });
    expect(conn.callsTo('/service/chat/send')[0].data).toEqual({ v: 1, userToken: 'iLMayOPJfdEDBhflsc9-ng', text: 'Hello?' });
    const shared = await settled(session.sendCbSessionToken('123456789'));
    expect(shared.ok && shared.value).toMatchObject({ kind: 'cobrowse', sessionToken: '123456789', text: '{start:123456789}' });
    expect(conn.callsTo('/service/chat/send')[1].data).toEqual({ v: 1, userToken: 'iLMayOPJfdEDBhflsc9-ng', kind: 'cobrowse', sessionToken: '123456789' });
    expect(sent).toHaveBeenCalledTimes(2);
    expect(session.getMessages().map((x) => x.seq)).toEqual([1, 2]);
    expect(await settled(session.sendMessage('   '))).toEqual({ ok: false, failure: { error: { code: 400, description: 'The message is empty: send some text' } } });
    expect(await settled(session.sendMessage('x'.repeat(4097)))).toMatchObject({ ok: false, failure: { error: { code: 400 } } });
    expect(await settled(session.sendCbSessionToken('12345'))).toMatchObject({ ok: false, failure: { error: { code: 400 } } });
    expect(conn.callsTo('/service/chat/send')).toHaveLength(2);
  });

  it('should_pass_the_servers_refusal_to_fail_with_its_code_and_message', async () => {
    const { conn } = chatServer({
      handlers: {
        '/service/chat/send': () => {
          throw bayeuxError(503, 'Too many messages: at most 10 in 10 s per member; wait a moment, then send again');
        },
      },
    });
    const { api } = service(conn);
    const session = await started(api);
    expect(await settled(session.sendMessage('hi'))).toEqual({
      ok: false,
      failure: { error: { code: 503, description: 'Too many messages: at most 10 in 10 s per member; wait a moment, then send again' } },
    });
  });

  it('should_send_typing_changes_only_and_stop_by_itself_after_a_pause', async () => {
    vi.useFakeTimers();
    const { conn } = chatServer();
    const { api } = service(conn);
    const session = await started(api);
    vi.advanceTimersByTime(2000); // not right after another start (the server relays one a second)
    for (let i = 0; i < 5; i++) session.sendTyping();
    await vi.advanceTimersByTimeAsync(0);
    expect(conn.callsTo('/service/chat/typing').map((c) => c.data.typing)).toEqual([true]);
    await vi.advanceTimersByTimeAsync(4500);
    session.sendTyping(true); // still typing after 4.5 s: said again
    await vi.advanceTimersByTimeAsync(0);
    expect(conn.callsTo('/service/chat/typing').map((c) => c.data.typing)).toEqual([true, true]);
    await vi.advanceTimersByTimeAsync(5100); // a pause: stop
    expect(conn.callsTo('/service/chat/typing').map((c) => c.data.typing)).toEqual([true, true, false]);
    session.sendTyping(false); // nothing to stop
    await vi.advanceTimersByTimeAsync(0);
    expect(conn.callsTo('/service/chat/typing')).toHaveLength(3);
  });

  it('should_repeat_a_typing_start_the_server_would_drop_right_after_another', async () => {
    vi.useFakeTimers();
    const { conn } = chatServer();
    const { api } = service(conn);
    const session = await started(api);
    vi.advanceTimersByTime(2000);
    session.sendTyping();
    await vi.advanceTimersByTimeAsync(0);
    await settled(session.sendMessage('sent quickly'));
    vi.advanceTimersByTime(300);
    session.sendTyping(); // 300 ms after the last start
    await vi.advanceTimersByTimeAsync(0);
    expect(conn.callsTo('/service/chat/typing')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(900);
    expect(conn.callsTo('/service/chat/typing').map((c) => c.data.typing)).toEqual([true, true, true]);
  });

  it('should_restore_the_stored_chat_with_its_messages_on_a_new_page', async () => {
    const first = chatServer();
    await started(service(first.conn).api);
    const { conn } = chatServer({ initial: { messages: [message(1, 1, 'Hello?'), message(2, 2, 'Hi')] } });
    const { api } = service(conn); // the next page
    const result = await settled(api.restoreSession());
    expect(conn.callsTo('/service/chat/restore')[0].data).toEqual({ v: 1, chatId: CHAT_ID, userToken: 'iLMayOPJfdEDBhflsc9-ng', since: 0 });
    expect(result.ok && result.value.getMessages().map((m) => m.text)).toEqual(['Hello?', 'Hi']);
    expect(result.ok && result.value.isAgentConnected()).toBe(true);
  });

  it('should_fail_without_error_when_there_is_nothing_to_restore', async () => {
    const { conn } = chatServer();
    const { api, connect } = service(conn);
    expect(await settled(api.restoreSession())).toEqual({ ok: false, failure: {} });
    expect(connect).not.toHaveBeenCalled();
  });

  it('should_fail_with_error_and_forget_a_chat_that_ended', async () => {
    const first = chatServer();
    await started(service(first.conn).api);
    const { conn } = chatServer({
      restore: () => {
        throw bayeuxError(410, 'Chat ce23251f has ended; start a new chat');
      },
    });
    const { api } = service(conn);
    expect(await settled(api.restoreSession())).toEqual({ ok: false, failure: { error: { code: 410, description: 'Chat ce23251f has ended; start a new chat' } } });
    expect(window.sessionStorage.getItem('gcb.chatApi')).toBeNull();
    expect(conn.disconnected).toBe(true);
  });

  it('should_keep_the_reference_when_the_server_cannot_be_reached', async () => {
    const first = chatServer();
    await started(service(first.conn).api);
    const { conn } = chatServer({
      restore: () => {
        throw bayeuxError(0, 'the server could not be reached');
      },
    });
    expect((await settled(service(conn).api.restoreSession())).ok).toBe(false);
    expect(window.sessionStorage.getItem('gcb.chatApi')).not.toBeNull();
  });

  it('should_give_the_live_session_to_a_second_start_and_one_request_for_concurrent_ones', async () => {
    const { conn } = chatServer();
    const { api } = service(conn);
    const a = api.startSession();
    const b = api.startSession();
    const [x, y] = await Promise.all([settled(a), settled(b)]);
    expect(conn.callsTo('/service/chat/start')).toHaveLength(1);
    expect(x.ok && y.ok && x.value === y.value).toBe(true);
    expect((await settled(api.startSession())).ok && api.getSession()).toBe(x.ok && x.value);
  });

  it('should_restore_on_the_new_client_after_a_rehandshake_and_announce_missed_messages', async () => {
    const { conn, setSeq } = chatServer({
      restore: (d) => view({ state: 'active', members: [CUSTOMER, BOB], messages: d.since === 1 ? [message(2, 2, 'while you were away')] : [] }),
    });
    const { api } = service(conn);
    const session = await started(api);
    setSeq(0);
    await settled(session.sendMessage('first'));
    const received = vi.fn();
    session.onMessageReceived(received);
    conn.emitState('connected', true);
    await flush();
    await flush();
    expect(conn.callsTo('/service/chat/restore')[0].data).toMatchObject({ chatId: CHAT_ID, since: 1 });
    expect(received).toHaveBeenCalledWith({ message: message(2, 2, 'while you were away'), sender: BOB });
  });

  it('should_end_the_session_on_leave_and_read_the_transcript', async () => {
    const { conn } = chatServer();
    const getJson = vi.fn(async () => ({ chatId: CHAT_ID, messages: [] }));
    const { api } = service(conn, { getJson });
    const session = await started(api);
    const ended = vi.fn();
    session.onSessionEnded(ended);
    expect((await settled(session.getTranscript())).ok).toBe(true);
    expect(getJson).toHaveBeenCalledWith(`http://cobrowse.test/cobrowse/rest/history/chats/${CHAT_ID}`);
    await settled(session.leave());
    expect(ended).toHaveBeenCalledTimes(1);
    expect(ended.mock.calls[0][0]).toMatchObject({ reason: 'customerLeft' });
    expect(await settled(session.sendMessage('after'))).toMatchObject({ ok: false, failure: { error: { code: 410 } } });
  });

  it('should_say_where_the_server_is_missing', async () => {
    const { conn } = chatServer();
    const s = new ChatService({ ...builtinPlatform, connect: () => conn }, { serverUrl: null, storageKey: 'k' });
    const result = await settled(chatServiceApi(s).startSession());
    expect(result).toMatchObject({ ok: false, failure: { error: { code: 'noServer' } } });
  });

  it('should_refuse_unknown_event_names_and_listeners_that_are_not_functions', async () => {
    const { conn } = chatServer();
    const session = await started(service(conn).api);
    expect(() => session.on('nope' as never, () => undefined)).toThrow(/unknown event "nope"/);
    expect(() => session.on('messageReceived', 42 as never)).toThrow(TypeError);
  });
});
