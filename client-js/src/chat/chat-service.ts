/**
 * The Chat Service API (the seed's lower-level chat API, Genesys' "Chat Service JS API"): start or
 * restore the customer's chat session, then `session.sendMessage(text)` and the session's events
 * (`agentConnected`, `messageReceived`, `agentTyping`, `sessionEnded`, …). The built-in widget is
 * built on it; chatAPI.min.js and chatAPI-noDeps.min.js export it as the global `chat`.
 */
import type { Connection } from '../shared/cometd-connection';
import { serverLocationFromUrl, type ServerLocation } from '../shared/server-url';
import { ChatChannels, chatRequest, readChatEvent, readView, type ChatEndReason, type ChatMember, type ChatMessage, type ChatView } from './chat-wire';
import { ChatMembership, type MembershipState } from './membership';
import { settle, type ChatFailure, type ChatPlatform, type ChatPromise, type ChatStorage } from './platform';

declare const __TANDEM_VERSION__: string;

export interface SessionEvents {
  /** An agent entered the chat (accepted it, or joined). */
  agentConnected: { agent: ChatMember };
  /** An agent left, or stayed away longer than the offline window. */
  agentDisconnected: { agent: ChatMember; reason: 'left' | 'timeout' };
  /** A message from an agent. */
  messageReceived: { message: ChatMessage; sender: ChatMember | null };
  /** A message of this customer, as posted (also one sent from another tab, seen on a restore). */
  messageSent: { message: ChatMessage };
  /** An agent started or stopped typing. */
  agentTyping: { agent: ChatMember; typing: boolean };
  /** The chat is over: `customerLeft`, `agentEnded`, `timeout`, `waitTimeout` or `shutdown`. */
  sessionEnded: { reason: ChatEndReason; endTime: number };
}

export type SessionEventName = keyof SessionEvents;
type Listener<K extends SessionEventName> = (event: SessionEvents[K]) => void;

/** The customer's chat session, as `startSession`/`restoreSession` (and the widget's `startChat`/`restoreChat`) give it. */
export interface ChatSessionApi {
  readonly chatId: string;
  getState(): MembershipState;
  getUserId(): number;
  getMembers(): ChatMember[];
  getAgents(): ChatMember[];
  getMessages(): ChatMessage[];
  isAgentConnected(): boolean;
  sendMessage(text: string): ChatPromise<ChatMessage>;
  /** `true` (default) on each key press, `false` when the input is cleared; stops by itself after a pause. */
  sendTyping(typing?: boolean): ChatPromise<void>;
  /** Shares a co-browse session with the agents (what the built-in chat's `sendCbSessionToken` does). */
  sendCbSessionToken(token: string): ChatPromise<ChatMessage>;
  /** Leaves the chat, which ends it. */
  leave(): ChatPromise<void>;
  /** Ends the chat (for the customer the same as `leave`). */
  end(): ChatPromise<void>;
  /** The transcript from the history store (`GET …/rest/history/chats/{chatId}`). */
  getTranscript(): ChatPromise<unknown>;
  on<K extends SessionEventName>(name: K, listener: Listener<K>): ChatSessionApi;
  off<K extends SessionEventName>(name: K, listener: Listener<K>): ChatSessionApi;
  onAgentConnected(listener: Listener<'agentConnected'>): ChatSessionApi;
  onAgentDisconnected(listener: Listener<'agentDisconnected'>): ChatSessionApi;
  onMessageReceived(listener: Listener<'messageReceived'>): ChatSessionApi;
  onMessageSent(listener: Listener<'messageSent'>): ChatSessionApi;
  onAgentTyping(listener: Listener<'agentTyping'>): ChatSessionApi;
  onSessionEnded(listener: Listener<'sessionEnded'>): ChatSessionApi;
}

export interface SessionOptions {
  /** The Tandem server: `https://host:8700/cobrowse` or its Bayeux endpoint `…/cobrowse/cometd`. Default: where the script came from. */
  serverUrl?: string;
  /** Long-polling only. */
  disableWebSockets?: boolean;
  /**
   * Where the chat's reference (server, chatId, userToken) is kept across page loads: `sessionStorage`
   * by default, an object with getItem/setItem/removeItem of your own, or `false` for none.
   */
  storage?: ChatStorage | false;
}

export interface StartOptions extends SessionOptions {
  nickname?: string;
  subject?: string;
}

export interface RestoreOptions extends SessionOptions {
  /** Restore this chat instead of the stored one (both or neither). */
  chatId?: string;
  userToken?: string;
}

/** The global `chat` of the bundles. */
export interface ChatServiceApi {
  readonly version: string;
  startSession(options?: StartOptions): ChatPromise<ChatSessionApi>;
  /** Fails without `error` when there is no chat to restore, with `error` when the stored one could not be restored. */
  restoreSession(options?: RestoreOptions): ChatPromise<ChatSessionApi>;
  /** The live session, if any. */
  getSession(): ChatSessionApi | null;
}

export interface ServiceDefaults {
  /** Where the script came from, if known. */
  serverUrl: string | null;
  /** The sessionStorage key of the chat's reference. */
  storageKey: string;
}

interface Stored {
  serverUrl: string;
  chatId: string;
  userToken: string;
}

class Persistence {
  constructor(
    private readonly storage: ChatStorage | null,
    private readonly key: string,
  ) {}

  load(): Stored | null {
    try {
      const raw = this.storage?.getItem(this.key);
      const s = raw ? (JSON.parse(raw) as Partial<Stored>) : null;
      if (s && typeof s.serverUrl === 'string' && typeof s.chatId === 'string' && typeof s.userToken === 'string') return s as Stored;
    } catch {
      /* unreadable: start afresh */
    }
    return null;
  }

  save(value: Stored): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(value));
    } catch {
      /* storage full or refused: the chat then ends with the page */
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      /* refused */
    }
  }
}

function failure(code: number | string, description: string): ChatFailure {
  return { error: { code, description } };
}

/** Builds the public session object over a membership. */
function sessionApi(membership: ChatMembership, platform: ChatPlatform, server: ServerLocation): ChatSessionApi {
  const forwarders = new Map<(event: never) => void, (payload: never) => void>();
  const subscribe = <K extends SessionEventName>(name: K, listener: Listener<K>, on: boolean): void => {
    if (typeof listener !== 'function') throw new TypeError(`Chat: the listener of "${name}" must be a function`);
    const e = membership.events;
    const key = listener as (event: never) => void;
    if (!on) {
      const forward = forwarders.get(key);
      if (!forward) return;
      forwarders.delete(key);
      for (const event of ['joined', 'left', 'message', 'sent', 'typing', 'ended'] as const) e.off(event, forward as never);
      return;
    }
    if (forwarders.has(key)) return;
    let forward: (payload: never) => void;
    let event: 'joined' | 'left' | 'message' | 'sent' | 'typing' | 'ended';
    switch (name) {
      case 'agentConnected':
        event = 'joined';
        forward = ((p: { member: ChatMember }) => p.member.role === 'agent' && (listener as Listener<'agentConnected'>)({ agent: p.member })) as never;
        break;
      case 'agentDisconnected':
        event = 'left';
        forward = ((p: { member: ChatMember; reason: 'left' | 'timeout' }) =>
          p.member.role === 'agent' && (listener as Listener<'agentDisconnected'>)({ agent: p.member, reason: p.reason })) as never;
        break;
      case 'messageReceived':
        event = 'message';
        forward = ((p: SessionEvents['messageReceived']) => (listener as Listener<'messageReceived'>)(p)) as never;
        break;
      case 'messageSent':
        event = 'sent';
        forward = ((p: SessionEvents['messageSent']) => (listener as Listener<'messageSent'>)(p)) as never;
        break;
      case 'agentTyping':
        event = 'typing';
        forward = ((p: { member: ChatMember; typing: boolean }) =>
          p.member.role === 'agent' && (listener as Listener<'agentTyping'>)({ agent: p.member, typing: p.typing })) as never;
        break;
      case 'sessionEnded':
        event = 'ended';
        forward = ((p: SessionEvents['sessionEnded']) => (listener as Listener<'sessionEnded'>)(p)) as never;
        break;
      default:
        throw new TypeError(`Chat: unknown event "${String(name)}"; known are agentConnected, agentDisconnected, messageReceived, messageSent, agentTyping, sessionEnded`);
    }
    forwarders.set(key, forward);
    e.on(event, forward as never);
  };
  const attempt = <T>(run: () => Promise<T>): ChatPromise<T> => settle(platform, Promise.resolve().then(run));
  const api: ChatSessionApi = {
    chatId: membership.chatId,
    getState: () => membership.state,
    getUserId: () => membership.userId,
    getMembers: () => membership.members(),
    getAgents: () => membership.agents(),
    getMessages: () => membership.messages(),
    isAgentConnected: () => membership.isAgentConnected(),
    sendMessage: (text) => attempt(() => membership.sendText(text)),
    sendTyping: (typing = true) => attempt(() => membership.typing(typing !== false)),
    sendCbSessionToken: (token) => attempt(() => membership.shareCobrowse(token)),
    leave: () => attempt(() => membership.leave()),
    end: () => attempt(() => membership.end()),
    getTranscript: () => settle(platform, platform.getJson(server.transcript(membership.chatId))),
    on: (name, listener) => (subscribe(name, listener, true), api),
    off: (name, listener) => (subscribe(name, listener, false), api),
    onAgentConnected: (listener) => api.on('agentConnected', listener),
    onAgentDisconnected: (listener) => api.on('agentDisconnected', listener),
    onMessageReceived: (listener) => api.on('messageReceived', listener),
    onMessageSent: (listener) => api.on('messageSent', listener),
    onAgentTyping: (listener) => api.on('agentTyping', listener),
    onSessionEnded: (listener) => api.on('sessionEnded', listener),
  };
  return Object.freeze(api);
}

interface Live {
  membership: ChatMembership;
  conn: Connection;
  api: ChatSessionApi;
}

/** The service behind the global `chat`: one customer chat at a time. */
export class ChatService {
  private live: Live | null = null;
  private pending: ChatPromise<ChatSessionApi> | null = null;

  constructor(
    private readonly platform: ChatPlatform,
    private readonly defaults: ServiceDefaults,
  ) {}

  /** The membership of the live session (for the built-in widget), if any. */
  membership(): ChatMembership | null {
    return this.live?.membership ?? null;
  }

  getSession(): ChatSessionApi | null {
    return this.live?.api ?? null;
  }

  /** Starts a chat; resolves with the live session when one is already going on. */
  startSession(options: StartOptions = {}): ChatPromise<ChatSessionApi> {
    const running = this.running();
    if (running) return running;
    const opts = this.platform.extend<StartOptions>({}, options);
    const server = this.server(opts.serverUrl);
    if (!server) return this.rejected(failure('noServer', 'Tell the chat where the Tandem server is: startSession({serverUrl: "https://<server>/cobrowse"})'));
    const body: { nickname?: string; subject?: string } = {};
    if (typeof opts.nickname === 'string' && opts.nickname.trim()) body.nickname = opts.nickname.trim();
    if (typeof opts.subject === 'string' && opts.subject.trim()) body.subject = opts.subject.trim();
    return this.track(this.open(server, opts, (conn) => conn.call(ChatChannels.start, chatRequest(body))));
  }

  restoreSession(options: RestoreOptions = {}): ChatPromise<ChatSessionApi> {
    const running = this.running();
    if (running) return running;
    const opts = this.platform.extend<RestoreOptions>({}, options);
    const persistence = this.persistence(opts);
    const given = typeof opts.chatId === 'string' && typeof opts.userToken === 'string';
    const stored = given ? null : persistence.load();
    const chatId = given ? opts.chatId! : stored?.chatId;
    const userToken = given ? opts.userToken! : stored?.userToken;
    if (!chatId || !userToken) return this.rejected({});
    const server = this.server(opts.serverUrl ?? stored?.serverUrl);
    if (!server) return this.rejected(failure('noServer', 'Tell the chat where the Tandem server is: restoreSession({serverUrl: "https://<server>/cobrowse"})'));
    const opened = this.open(server, opts, (conn) => conn.call(ChatChannels.restore, chatRequest({ chatId, userToken, since: 0 })));
    return this.track(
      opened.catch((error: { code?: number }) => {
        // The chat is over (404, 410) or the token is not its (403): forget it. A network failure keeps it for the next page.
        if (error?.code === 403 || error?.code === 404 || error?.code === 410) persistence.clear();
        throw error;
      }),
    );
  }

  private running(): ChatPromise<ChatSessionApi> | null {
    if (this.pending) return this.pending;
    if (this.live && this.live.membership.state !== 'ended') {
      const d = this.platform.deferred<ChatSessionApi>();
      d.resolve(this.live.api);
      return d.promise();
    }
    return null;
  }

  private rejected(f: ChatFailure): ChatPromise<ChatSessionApi> {
    const d = this.platform.deferred<ChatSessionApi>();
    d.reject(f);
    return d.promise();
  }

  private track(promise: Promise<ChatSessionApi>): ChatPromise<ChatSessionApi> {
    const result = settle(this.platform, promise);
    this.pending = result;
    result.always(() => {
      if (this.pending === result) this.pending = null;
    });
    return result;
  }

  private server(url: string | undefined | null): ServerLocation | null {
    const chosen = url ?? this.defaults.serverUrl;
    return chosen ? serverLocationFromUrl(chosen, typeof location !== 'undefined' ? location.href : undefined) : null;
  }

  private persistence(opts: SessionOptions): Persistence {
    const storage = opts.storage === false ? null : (opts.storage ?? this.platform.storage());
    return new Persistence(storage, this.defaults.storageKey);
  }

  private async open(server: ServerLocation, opts: SessionOptions, request: (conn: Connection) => Promise<unknown>): Promise<ChatSessionApi> {
    const persistence = this.persistence(opts);
    const conn = this.platform.connect({ url: server.bayeux, disableWebSockets: opts.disableWebSockets === true });
    let membership: ChatMembership | null = null;
    const early: unknown[] = [];
    const unlisten = [
      conn.listen(ChatChannels.event, (data) => {
        if (!membership) {
          early.push(data);
          return;
        }
        deliver(membership, data);
      }),
      conn.onState((_state, rehandshake) => {
        // The server forgot our Bayeux client: take the membership over on the new one.
        if (rehandshake && membership && membership.state !== 'ended') {
          membership.resume().catch((error) => {
            console.warn('Chat: the chat could not be restored after reconnecting', error);
            if ((error as { code?: number })?.code === 404 || (error as { code?: number })?.code === 410) membership?.finish('timeout', Date.now());
          });
        }
      }),
    ];
    let view: ChatView;
    try {
      await conn.connect();
      view = readView(await request(conn));
    } catch (error) {
      unlisten.forEach((fn) => fn());
      await conn.disconnect().catch(() => undefined);
      throw error;
    }
    const m = new ChatMembership(conn, view, this.platform);
    membership = m;
    for (const data of early) deliver(m, data);
    persistence.save({ serverUrl: server.base, chatId: m.chatId, userToken: m.userToken });
    const api = sessionApi(m, this.platform, server);
    this.live = { membership: m, conn, api };
    m.events.on('ended', () => {
      persistence.clear();
      unlisten.forEach((fn) => fn());
      void conn.disconnect().catch(() => undefined);
    });
    return api;
  }
}

function deliver(membership: ChatMembership, data: unknown): void {
  try {
    const event = readChatEvent(data);
    if (event) membership.handle(event);
  } catch (error) {
    console.warn('Chat: an event was ignored:', error instanceof Error ? error.message : error);
  }
}

/** The public face of the service: the global `chat` of the bundles. */
export function chatServiceApi(service: ChatService): ChatServiceApi {
  return Object.freeze({
    version: typeof __TANDEM_VERSION__ === 'string' ? __TANDEM_VERSION__ : 'dev',
    startSession: (options?: StartOptions) => service.startSession(options),
    restoreSession: (options?: RestoreOptions) => service.restoreSession(options),
    getSession: () => service.getSession(),
  });
}
