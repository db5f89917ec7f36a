// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { AgentChatDesk } from '../src/agent/agent-chat';
import { builtinPlatform } from '../src/chat/builtin-platform';
import type { WaitingChat } from '../src/chat/chat-wire';
import { BOB, CHAT_ID, CUSTOMER, bayeuxError, flush, message, view } from './chat-fixtures';
import { FakeConnection } from './fake-connection';

const chat = (n: number, nickname = `C${n}`): WaitingChat => ({ chatId: `00000000-0000-0000-0000-00000000000${n}`, nickname, startTime: n, waitingSince: n });

function desk(handlers: Record<string, (d: Record<string, unknown>) => unknown> = {}, storage: Storage = window.sessionStorage) {
  let listReply: () => unknown = () => ({ v: 1, seq: 0, watching: true, chats: [] });
  const conn = new FakeConnection({
    '/service/chat/agent': (d) => ({ v: 1, nickname: d.nickname }),
    '/service/chat/list': () => listReply(),
    '/service/chat/accept': (d) => view({ chatId: d.chatId as string, userToken: 'agent-token-of-22chars', userId: 2, role: 'agent', state: 'active', members: [CUSTOMER, BOB], messages: [message(1, 1, 'Hello?')] }),
    ...handlers,
  });
  const waiting = vi.fn();
  const chats = vi.fn();
  const problems = vi.fn();
  const d = new AgentChatDesk(conn, builtinPlatform, { state: () => undefined, waiting, chat: chats, problem: problems }, storage);
  const queue = (data: object) => conn.push('/service/chat/queue', { v: 1, ...data });
  return { d, conn, waiting, chats, problems, queue, setList: (fn: () => unknown) => (listReply = fn) };
}

describe('AgentChatDesk', () => {
  it('should_sign_in_and_watch_the_waiting_list', async () => {
    window.sessionStorage.clear();
    const { d, conn, setList, waiting } = desk();
    setList(() => ({ v: 1, seq: 4, watching: true, chats: [chat(1), chat(2)] }));
    await d.start('Bob');
    expect(conn.callsTo('/service/chat/agent')[0].data).toEqual({ v: 1, nickname: 'Bob' });
    expect(conn.callsTo('/service/chat/list')[0].data).toEqual({ v: 1, watch: true });
    expect(waiting).toHaveBeenLastCalledWith([chat(1), chat(2)]);
  });

  it('should_apply_changes_in_seq_order_and_keep_those_that_arrive_while_listing', async () => {
    window.sessionStorage.clear();
    let answer: (value: unknown) => void = () => undefined;
    const { d, queue, setList, waiting } = desk();
    setList(() => new Promise((resolve) => (answer = resolve)));
    const started = d.start('Bob');
    await flush();
    queue({ type: 'added', seq: 5, chat: chat(3) }); // after the list's seq: applied after the reply
    queue({ type: 'removed', seq: 4, chatId: chat(1).chatId, cause: 'accepted' }); // already in the reply
    answer({ v: 1, seq: 4, watching: true, chats: [chat(2)] });
    await started;
    expect(d.waiting()).toEqual([chat(2), chat(3)]);
    queue({ type: 'removed', seq: 6, chatId: chat(2).chatId, cause: 'accepted' });
    queue({ type: 'added', seq: 7, chat: chat(2) }); // back in the list: at the end
    expect(d.waiting()).toEqual([chat(3), chat(2)]);
    expect(waiting).toHaveBeenLastCalledWith([chat(3), chat(2)]);
  });

  it('should_list_again_on_a_gap_in_seq', async () => {
    window.sessionStorage.clear();
    const { d, conn, queue, setList } = desk();
    setList(() => ({ v: 1, seq: 1, watching: true, chats: [chat(1)] }));
    await d.start('Bob');
    setList(() => ({ v: 1, seq: 9, watching: true, chats: [chat(4)] }));
    queue({ type: 'added', seq: 3, chat: chat(2) }); // seq 2 was lost
    await flush();
    await flush();
    expect(conn.callsTo('/service/chat/list')).toHaveLength(2);
    expect(d.waiting()).toEqual([chat(4)]);
  });

  it('should_accept_route_events_by_chat_and_restore_its_chats_after_a_reload', async () => {
    window.sessionStorage.clear();
    const first = desk();
    await first.d.start('Bob');
    const m = await first.d.accept(CHAT_ID);
    expect(first.chats).toHaveBeenCalledWith(m);
    const received = vi.fn();
    m.events.on('message', received);
    first.conn.push('/service/chat/event', { v: 1, type: 'message', chatId: 'another-chat', message: message(2, 1, 'not yours') });
    first.conn.push('/service/chat/event', { v: 1, type: 'message', chatId: CHAT_ID, message: message(2, 1, 'yours') });
    expect(received).toHaveBeenCalledTimes(1);
    expect(m.messages().map((x) => x.text)).toEqual(['Hello?', 'yours']);
    // the console reloads: the next page signs in, then restores the chat with its userToken
    const next = desk({ '/service/chat/restore': (d) => view({ chatId: d.chatId as string, userToken: d.userToken as string, userId: 2, role: 'agent', state: 'active', members: [CUSTOMER, BOB] }) });
    await next.d.start('Bob');
    expect(next.conn.callsTo('/service/chat/restore')[0].data).toEqual({ v: 1, chatId: CHAT_ID, userToken: 'agent-token-of-22chars', since: 0 });
    expect(next.d.chats.get(CHAT_ID)?.role).toBe('agent');
  });

  it('should_drop_a_stored_chat_that_ended_meanwhile', async () => {
    window.sessionStorage.setItem('tandem.agent.chats', JSON.stringify([{ chatId: CHAT_ID, userToken: 'agent-token-of-22chars' }]));
    const { d, problems } = desk({
      '/service/chat/restore': () => {
        throw bayeuxError(410, 'Chat has ended');
      },
    });
    await d.start('Bob');
    expect(d.chats.size).toBe(0);
    expect(problems.mock.calls[0][0]).toContain('could not be restored');
    expect(JSON.parse(window.sessionStorage.getItem('tandem.agent.chats')!)).toEqual([]);
  });

  it('should_sign_in_again_and_resume_its_chats_after_a_new_handshake', async () => {
    window.sessionStorage.clear();
    const { d, conn } = desk({ '/service/chat/restore': () => view({ userId: 2, role: 'agent', state: 'active', members: [CUSTOMER, BOB], messages: [message(2, 1, 'missed')] }) });
    await d.start('Bob');
    const m = await d.accept(CHAT_ID);
    const received = vi.fn();
    m.events.on('message', received);
    conn.emitState('connected', true);
    for (let i = 0; i < 5; i++) await flush();
    expect(conn.callsTo('/service/chat/agent')).toHaveLength(2);
    expect(conn.callsTo('/service/chat/restore')[0].data).toMatchObject({ chatId: CHAT_ID, since: 1 });
    expect(received.mock.calls[0][0].message.text).toBe('missed');
  });
});
