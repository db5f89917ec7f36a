import type { ChatMember, ChatMessage, ChatView } from '../src/chat/chat-wire';
import { FakeConnection } from './fake-connection';

export const CHAT_ID = 'ce23251f-022f-48df-8f3e-213a71ad1793';
export const CUSTOMER: ChatMember = { userId: 1, role: 'customer', nickname: 'John', online: true };
export const BOB: ChatMember = { userId: 2, role: 'agent', nickname: 'Bob', online: true };

export function view(over: Partial<ChatView> = {}): ChatView & { v: number } {
  return {
    v: 1,
    chatId: CHAT_ID,
    userToken: 'iLMayOPJfdEDBhflsc9-ng',
    userId: 1,
    role: 'customer',
    state: 'waiting',
    startTime: 1000,
    members: [CUSTOMER],
    messages: [],
    ...over,
  };
}

export function message(seq: number, from: number, text: string, over: Partial<ChatMessage> = {}): ChatMessage {
  return { seq, from, kind: 'text', text, time: 1000 + seq, ...over };
}

/** A scripted chat server for one customer: start, restore, send (seq counts up), typing, leave. */
export function chatServer(
  options: { restore?: (d: Record<string, unknown>) => unknown; initial?: Partial<ChatView>; handlers?: Record<string, (d: Record<string, unknown>) => unknown> } = {},
) {
  let seq = 0;
  const conn = new FakeConnection({
    '/service/chat/start': () => view(options.initial),
    '/service/chat/restore': (d) => (options.restore ? options.restore(d) : view({ state: 'active', members: [CUSTOMER, BOB], ...options.initial })),
    '/service/chat/send': (d) => {
      seq++;
      return d.kind === 'cobrowse'
        ? { v: 1, message: message(seq, 1, `{start:${d.sessionToken}}`, { kind: 'cobrowse', sessionToken: d.sessionToken as string }) }
        : { v: 1, message: message(seq, 1, d.text as string) };
    },
    '/service/chat/typing': () => ({ v: 1 }),
    '/service/chat/leave': () => ({ v: 1 }),
    '/service/chat/end': () => ({ v: 1 }),
    ...options.handlers,
  });
  const event = (data: object) => conn.push('/service/chat/event', { v: 1, chatId: CHAT_ID, ...data });
  return { conn, event, setSeq: (n: number) => (seq = n) };
}

/** A failure as the Bayeux adapter gives it. */
export function bayeuxError(code: number, reason: string): Error & { code: number; reason: string } {
  return Object.assign(new Error(`${code} ${reason}`), { code, reason });
}

export const flush = () => new Promise((r) => setTimeout(r, 0));
