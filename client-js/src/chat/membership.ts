/**
 * One member's side of one chat: the chat as the member sees it (state, members, messages),
 * kept up to date from the view and the `/service/chat/event` notifications, and the member's
 * requests (send, share a co-browse session, typing, leave, end, restore). Used by the
 * customer's Chat Service API and by the agent console, one per chat.
 */
import type { Connection } from '../shared/cometd-connection';
import {
  ChatChannels,
  chatRequest,
  isCobrowseToken,
  readSent,
  readView,
  type ChatEndReason,
  type ChatEvent,
  type ChatLimits,
  type ChatMember,
  type ChatMessage,
  type ChatRole,
  type ChatState,
  type ChatView,
} from './chat-wire';
import { Emitter } from './emitter';
import type { ChatPlatform } from './platform';

export type MembershipState = ChatState | 'ended';

export interface MembershipEvents {
  joined: { member: ChatMember };
  left: { member: ChatMember; reason: 'left' | 'timeout'; state: ChatState };
  /** A message from another member. */
  message: { message: ChatMessage; sender: ChatMember | null };
  /** A message of this member, as the server posted it. */
  sent: { message: ChatMessage };
  typing: { member: ChatMember; typing: boolean };
  presence: { member: ChatMember; online: boolean };
  ended: { reason: ChatEndReason; endTime: number };
  state: { state: MembershipState };
}

/** A request refused before it went out; `code` as the server would answer. */
export class ChatRequestError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'ChatRequestError';
  }
}

/** Typing notices: repeat a start this often while still typing; stop after this long without a key. */
const TYPING_REPEAT_MS = 4000;
const TYPING_IDLE_MS = 5000;
/** The server relays a start at most once a second per member: one sooner is sent again after this. */
const TYPING_MIN_GAP_MS = 1100;
const DEFAULT_MAX_MESSAGE_LENGTH = 4096;

export class ChatMembership {
  readonly chatId: string;
  readonly userToken: string;
  readonly userId: number;
  readonly role: ChatRole;
  readonly events = new Emitter<MembershipEvents>();
  subject: string | undefined;
  startTime: number;
  limits: ChatLimits | undefined;
  private current: MembershipState;
  /** Every member who ever was in the chat (as far as this member saw), for naming senders. */
  private readonly known = new Map<number, ChatMember>();
  private readonly present = new Set<number>();
  private readonly typingNow = new Set<number>();
  private list: ChatMessage[] = [];
  private toldTyping = false;
  private lastTypingStart = 0;
  private typingRetry: ReturnType<typeof setTimeout> | undefined;
  private readonly stopTypingLater: () => void;

  constructor(
    private conn: Connection,
    view: ChatView,
    private readonly platform: Pick<ChatPlatform, 'debounce' | 'sortBySeq'>,
    private readonly now: () => number = Date.now,
  ) {
    this.chatId = view.chatId;
    this.userToken = view.userToken;
    this.userId = view.userId;
    this.role = view.role;
    this.current = view.state;
    this.subject = view.subject;
    this.startTime = view.startTime;
    this.stopTypingLater = platform.debounce(() => {
      if (this.toldTyping) void this.typing(false).catch(() => undefined);
    }, TYPING_IDLE_MS);
    this.apply(view);
  }

  get state(): MembershipState {
    return this.current;
  }

  get lastSeq(): number {
    return this.list.length ? this.list[this.list.length - 1].seq : 0;
  }

  /** The current members, this one included, in the order they entered. */
  members(): ChatMember[] {
    return Array.from(this.present, (id) => ({ ...this.known.get(id)! }));
  }

  agents(): ChatMember[] {
    return this.members().filter((m) => m.role === 'agent');
  }

  customer(): ChatMember | null {
    const c = this.known.get(1);
    return c ? { ...c } : null;
  }

  /** Anyone who was ever a member, e.g. the sender of an old message. */
  member(userId: number): ChatMember | null {
    const m = this.known.get(userId);
    return m ? { ...m } : null;
  }

  messages(): ChatMessage[] {
    return this.list.map((m) => ({ ...m }));
  }

  isTyping(userId: number): boolean {
    return this.typingNow.has(userId);
  }

  /** Whether an agent is in the chat (also while its console reloads). */
  isAgentConnected(): boolean {
    return this.current === 'active' && this.agents().length > 0;
  }

  /** Takes a view (the first one, or a restore's): members as they are, messages merged. */
  apply(view: ChatView): ChatMessage[] {
    this.limits = view.limits ?? this.limits;
    this.present.clear();
    for (const m of view.members) {
      this.known.set(m.userId, { ...m });
      this.present.add(m.userId);
    }
    const seen = new Set(this.list.map((m) => m.seq));
    const added = view.messages.filter((m) => !seen.has(m.seq));
    if (added.length) this.list = this.platform.sortBySeq(this.list.concat(added));
    if (this.current !== 'ended' && view.state !== this.current) this.setState(view.state);
    return added;
  }

  /** One `/service/chat/event` notification of this chat. */
  handle(event: ChatEvent): void {
    if (event.chatId !== this.chatId || this.current === 'ended') return;
    switch (event.type) {
      case 'joined': {
        const member = { ...event.member };
        this.known.set(member.userId, member);
        this.present.add(member.userId);
        this.events.emit('joined', { member: { ...member } });
        if (this.current !== 'active') this.setState('active');
        break;
      }
      case 'left': {
        const member = this.known.get(event.userId) ?? { userId: event.userId, role: 'agent' as const, online: false };
        this.clearTyping(event.userId);
        this.present.delete(event.userId);
        this.events.emit('left', { member: { ...member }, reason: event.reason, state: event.state });
        if (event.state !== this.current) this.setState(event.state);
        break;
      }
      case 'message': {
        if (this.list.some((m) => m.seq === event.message.seq)) return;
        this.clearTyping(event.message.from);
        this.list = this.platform.sortBySeq(this.list.concat([event.message]));
        this.events.emit('message', { message: { ...event.message }, sender: this.member(event.message.from) });
        break;
      }
      case 'typing': {
        const member = this.known.get(event.userId);
        if (!member) return;
        if (event.typing) {
          if (this.typingNow.has(event.userId)) return;
          this.typingNow.add(event.userId);
          this.events.emit('typing', { member: { ...member }, typing: true });
        } else {
          this.clearTyping(event.userId);
        }
        break;
      }
      case 'presence': {
        const member = this.known.get(event.userId);
        if (!member) return;
        member.online = event.online;
        if (!event.online) this.clearTyping(event.userId);
        this.events.emit('presence', { member: { ...member }, online: event.online });
        break;
      }
      case 'ended':
        this.finish(event.reason, event.endTime);
        break;
    }
  }

  async sendText(text: string): Promise<ChatMessage> {
    if (typeof text !== 'string' || text.trim() === '') throw new ChatRequestError(400, 'The message is empty: send some text');
    const max = this.limits?.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
    if (text.length > max) throw new ChatRequestError(400, `A message of ${text.length} characters exceeds the limit of ${max}; send a shorter one`);
    return this.post({ text });
  }

  /** Shares a co-browse session: the agent console offers to join it in one click. */
  async shareCobrowse(sessionToken: string): Promise<ChatMessage> {
    if (!isCobrowseToken(sessionToken)) throw new ChatRequestError(400, 'A co-browse session token is a string of 9 digits, e.g. "123456789"');
    return this.post({ kind: 'cobrowse', sessionToken });
  }

  /**
   * Typing notices: `true` on every key press is fine — a start goes out when it changes (and
   * again every few seconds while typing goes on), a stop after a pause or when told.
   */
  async typing(on: boolean): Promise<void> {
    this.requireLive();
    if (on) {
      this.stopTypingLater();
      const now = this.now();
      if (this.toldTyping && now - this.lastTypingStart < TYPING_REPEAT_MS) return;
      const since = now - this.lastTypingStart;
      this.toldTyping = true;
      this.lastTypingStart = now;
      if (since < TYPING_MIN_GAP_MS && this.typingRetry === undefined) {
        // e.g. typing again right after sending: the server would drop this start, so repeat it in time
        this.typingRetry = setTimeout(() => {
          this.typingRetry = undefined;
          if (!this.toldTyping || this.current === 'ended') return;
          this.lastTypingStart = this.now();
          this.conn.call(ChatChannels.typing, chatRequest({ userToken: this.userToken, typing: true })).catch(() => undefined);
        }, TYPING_MIN_GAP_MS - since);
      }
    } else {
      if (!this.toldTyping) return;
      this.toldTyping = false;
    }
    await this.conn.call(ChatChannels.typing, chatRequest({ userToken: this.userToken, typing: on }));
  }

  /** Leaves the chat; the customer's leave ends it for everyone. */
  async leave(): Promise<void> {
    if (this.current === 'ended') return;
    await this.conn.call(ChatChannels.leave, chatRequest({ userToken: this.userToken }));
    if (this.role === 'customer') this.finish('customerLeft', this.now());
    else this.finishLocally();
  }

  /** Ends the chat for everyone. */
  async end(): Promise<void> {
    if (this.current === 'ended') return;
    await this.conn.call(ChatChannels.end, chatRequest({ userToken: this.userToken }));
    this.finish(this.role === 'customer' ? 'customerLeft' : 'agentEnded', this.now());
  }

  /**
   * Restores this membership on a connection (the same one after a new handshake, or another):
   * the messages missed meanwhile are merged and announced.
   */
  async resume(conn: Connection = this.conn): Promise<ChatMessage[]> {
    this.conn = conn;
    const view = readView(await conn.call(ChatChannels.restore, chatRequest({ chatId: this.chatId, userToken: this.userToken, since: this.lastSeq })));
    const added = this.apply(view);
    for (const message of added) {
      if (message.from === this.userId) this.events.emit('sent', { message: { ...message } });
      else this.events.emit('message', { message: { ...message }, sender: this.member(message.from) });
    }
    return added;
  }

  /** The chat is over for this member (an `ended` event, or its own leave/end). Once. */
  finish(reason: ChatEndReason, endTime: number): void {
    if (this.current === 'ended') return;
    this.typingNow.clear();
    this.toldTyping = false;
    this.setState('ended');
    this.events.emit('ended', { reason, endTime });
  }

  private finishLocally(): void {
    if (this.current === 'ended') return;
    this.typingNow.clear();
    this.toldTyping = false;
    this.setState('ended');
  }

  private async post(body: { text: string } | { kind: 'cobrowse'; sessionToken: string }): Promise<ChatMessage> {
    this.requireLive();
    this.toldTyping = false; // the server takes a message as the end of typing
    const message = readSent(await this.conn.call(ChatChannels.send, chatRequest({ userToken: this.userToken, ...body })));
    if (!this.list.some((m) => m.seq === message.seq)) this.list = this.platform.sortBySeq(this.list.concat([message]));
    this.events.emit('sent', { message: { ...message } });
    return message;
  }

  private requireLive(): void {
    if (this.current === 'ended') throw new ChatRequestError(410, 'This chat has ended; start a new chat');
  }

  private clearTyping(userId: number): void {
    if (!this.typingNow.delete(userId)) return;
    const member = this.known.get(userId);
    if (member) this.events.emit('typing', { member: { ...member }, typing: false });
  }

  private setState(state: MembershipState): void {
    this.current = state;
    this.events.emit('state', { state });
  }
}
