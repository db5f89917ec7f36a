/**
 * The chat channels' wire shapes (docs/chat.md): requests, views, events and queue changes, in
 * the versioned envelope (`v: 1`) shared by the customer's widget, the Chat Service API bundles
 * and the agent console. Readers refuse another version and check the fields they rely on.
 */
import { WireError } from '../shared/wire';

export const CHAT_WIRE_VERSION = 1;

export const ChatChannels = {
  start: '/service/chat/start',
  restore: '/service/chat/restore',
  agent: '/service/chat/agent',
  list: '/service/chat/list',
  accept: '/service/chat/accept',
  join: '/service/chat/join',
  send: '/service/chat/send',
  typing: '/service/chat/typing',
  leave: '/service/chat/leave',
  end: '/service/chat/end',
  event: '/service/chat/event',
  queue: '/service/chat/queue',
} as const;

export type ChatRole = 'customer' | 'agent';
export type ChatState = 'waiting' | 'active';
export type MessageKind = 'text' | 'cobrowse';
/** `ended.reason` of docs/chat.md. */
export type ChatEndReason = 'customerLeft' | 'agentEnded' | 'timeout' | 'waitTimeout' | 'shutdown';

export interface ChatMember {
  userId: number;
  role: ChatRole;
  nickname?: string;
  online: boolean;
}

export interface ChatMessage {
  seq: number;
  from: number;
  kind: MessageKind;
  text: string;
  /** The shared co-browse session's 9-digit token; present exactly for `cobrowse`. */
  sessionToken?: string;
  time: number;
}

export interface ChatLimits {
  maxMessageLength: number;
  maxMessages: number;
  maxNicknameLength: number;
  maxSubjectLength: number;
  messageBurst: number;
  messageWindowMs: number;
  maxIntervalMs: number;
  waitTimeoutMs: number;
}

/** The reply of start, restore, accept and join. */
export interface ChatView {
  chatId: string;
  userToken: string;
  userId: number;
  role: ChatRole;
  state: ChatState;
  subject?: string;
  startTime: number;
  members: ChatMember[];
  messages: ChatMessage[];
  limits?: ChatLimits;
}

export interface WaitingChat {
  chatId: string;
  nickname?: string;
  subject?: string;
  startTime: number;
  waitingSince: number;
}

export type ChatEvent =
  | { type: 'joined'; chatId: string; member: ChatMember }
  | { type: 'left'; chatId: string; userId: number; reason: 'left' | 'timeout'; state: ChatState }
  | { type: 'message'; chatId: string; message: ChatMessage }
  | { type: 'typing'; chatId: string; userId: number; typing: boolean }
  | { type: 'presence'; chatId: string; userId: number; online: boolean }
  | { type: 'ended'; chatId: string; reason: ChatEndReason; endTime: number };

export type QueueChange =
  | { type: 'added'; seq: number; chat: WaitingChat }
  | { type: 'removed'; seq: number; chatId: string; cause: 'accepted' | 'ended' };

export interface WaitingList {
  seq: number;
  watching: boolean;
  chats: WaitingChat[];
}

/** A chat request's `data`: the body in the envelope. */
export function chatRequest<T extends object>(body: T): T & { v: number } {
  return { v: CHAT_WIRE_VERSION, ...body };
}

function object(data: unknown, what: string): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new WireError(`Tandem chat ${what}: expected an object, got ${data === null ? 'null' : typeof data}`);
  }
  const obj = data as Record<string, unknown>;
  if (obj.v !== CHAT_WIRE_VERSION) {
    throw new WireError(
      `Tandem chat ${what}: wire version ${JSON.stringify(obj.v)} is not supported by this client (it speaks version ${CHAT_WIRE_VERSION}). ` +
        'The server and the chat scripts come from different releases: reload the page, or deploy matching versions.',
    );
  }
  return obj;
}

function isMember(m: unknown): m is ChatMember {
  const x = m as ChatMember;
  return typeof x === 'object' && x !== null && typeof x.userId === 'number' && (x.role === 'customer' || x.role === 'agent');
}

export function isMessage(m: unknown): m is ChatMessage {
  const x = m as ChatMessage;
  return typeof x === 'object' && x !== null && typeof x.seq === 'number' && typeof x.from === 'number' && typeof x.text === 'string';
}

/** Reads a view (start, restore, accept, join); refuses one without the fields a member needs. */
export function readView(data: unknown): ChatView {
  const obj = object(data, 'view');
  if (typeof obj.chatId !== 'string' || typeof obj.userToken !== 'string' || typeof obj.userId !== 'number') {
    throw new WireError('Tandem chat view: "chatId", "userToken" and "userId" are required');
  }
  const view = obj as unknown as ChatView;
  return {
    ...view,
    members: Array.isArray(obj.members) ? obj.members.filter(isMember) : [],
    messages: Array.isArray(obj.messages) ? obj.messages.filter(isMessage) : [],
  };
}

/** Reads the reply of `send`: the message as posted. */
export function readSent(data: unknown): ChatMessage {
  const obj = object(data, 'send reply');
  if (!isMessage(obj.message)) throw new WireError('Tandem chat send reply: "message" is missing');
  return obj.message;
}

export function readWaitingList(data: unknown): WaitingList {
  const obj = object(data, 'waiting list');
  if (typeof obj.seq !== 'number' || !Array.isArray(obj.chats)) throw new WireError('Tandem chat waiting list: "seq" and "chats" are required');
  return { seq: obj.seq, watching: obj.watching === true, chats: obj.chats.filter((c): c is WaitingChat => typeof (c as WaitingChat)?.chatId === 'string') };
}

const EVENT_TYPES: readonly string[] = ['joined', 'left', 'message', 'typing', 'presence', 'ended'];

/** Reads a `/service/chat/event` notification; null for a type this client does not know (ignored). */
export function readChatEvent(data: unknown): ChatEvent | null {
  const obj = object(data, 'event');
  if (typeof obj.type !== 'string' || typeof obj.chatId !== 'string') throw new WireError('Tandem chat event: "type" and "chatId" are required');
  if (!EVENT_TYPES.includes(obj.type)) return null;
  if (obj.type === 'joined' && !isMember(obj.member)) throw new WireError('Tandem chat event joined: "member" is missing');
  if (obj.type === 'message' && !isMessage(obj.message)) throw new WireError('Tandem chat event message: "message" is missing');
  return obj as unknown as ChatEvent;
}

/** Reads a `/service/chat/queue` notification; null for an unknown type. */
export function readQueueChange(data: unknown): QueueChange | null {
  const obj = object(data, 'queue change');
  if (typeof obj.seq !== 'number') throw new WireError('Tandem chat queue change: "seq" is required');
  if (obj.type === 'added' && typeof (obj.chat as WaitingChat)?.chatId === 'string') return obj as unknown as QueueChange;
  if (obj.type === 'removed' && typeof obj.chatId === 'string') return obj as unknown as QueueChange;
  return null;
}

/** The seed's text form of a shared co-browse session, `{start:123456789}`. */
export function cobrowseStartText(token: string): string {
  return '{start:' + token + '}';
}

/** The co-browse token a message shares, if it is a `cobrowse` message. */
export function sharedCobrowseToken(message: ChatMessage): string | null {
  return message.kind === 'cobrowse' && typeof message.sessionToken === 'string' && /^\d{9}$/.test(message.sessionToken) ? message.sessionToken : null;
}

/** A 9-digit co-browse token, as the server accepts it. */
export function isCobrowseToken(token: unknown): token is string {
  return typeof token === 'string' && /^\d{9}$/.test(token);
}
