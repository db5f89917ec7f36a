/**
 * The agent's chat desk: signs in on its own Bayeux connection, keeps the waiting list current
 * (`/service/chat/list` with `watch`, the queue changes applied by `seq` as docs/chat.md says),
 * accepts or joins chats and holds one membership per chat; after a console reload or a new
 * handshake it signs in again and restores its chats.
 */
import {
  ChatChannels,
  chatRequest,
  readChatEvent,
  readQueueChange,
  readView,
  readWaitingList,
  type QueueChange,
  type WaitingChat,
} from '../chat/chat-wire';
import { ChatMembership } from '../chat/membership';
import type { ChatPlatform, ChatStorage } from '../chat/platform';
import type { Connection, ConnectionState } from '../shared/cometd-connection';

export interface DeskEvents {
  state(state: ConnectionState): void;
  /** The waiting list changed: longest waiting first. */
  waiting(chats: WaitingChat[]): void;
  /** A chat this agent is in: accepted, joined or restored. */
  chat(membership: ChatMembership): void;
  problem(text: string): void;
}

const STORE_KEY = 'tandem.agent.chats';

interface StoredChat {
  chatId: string;
  userToken: string;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class AgentChatDesk {
  readonly chats = new Map<string, ChatMembership>();
  private readonly waitingChats = new Map<string, WaitingChat>();
  private listSeq = 0;
  /** A list request is under way: changes wait for its reply. */
  private listing: QueueChange[] | null = null;
  private nickname = 'Agent';
  private started = false;

  constructor(
    private readonly conn: Connection,
    private readonly platform: Pick<ChatPlatform, 'debounce' | 'sortBySeq'>,
    private readonly events: DeskEvents,
    private readonly storage: ChatStorage | null,
  ) {}

  waiting(): WaitingChat[] {
    return Array.from(this.waitingChats.values());
  }

  /** Connects, signs in as `nickname`, watches the waiting list and restores the chats of an earlier page. */
  async start(nickname: string): Promise<void> {
    this.nickname = nickname;
    if (this.started) return;
    this.started = true;
    this.conn.listen(ChatChannels.queue, (data) => this.onQueue(data));
    this.conn.listen(ChatChannels.event, (data) => this.onEvent(data));
    this.conn.onState((state, rehandshake) => {
      this.events.state(state);
      if (rehandshake) void this.signIn().catch((error) => this.events.problem('Could not sign in again: ' + message(error)));
    });
    await this.conn.connect();
    await this.signIn();
  }

  /** Signs in again under another name (for the chats accepted from now on). */
  async rename(nickname: string): Promise<void> {
    this.nickname = nickname;
    await this.conn.call(ChatChannels.agent, chatRequest(nickname ? { nickname } : {}));
  }

  async accept(chatId: string): Promise<ChatMembership> {
    return this.take(ChatChannels.accept, chatId);
  }

  async join(chatId: string): Promise<ChatMembership> {
    return this.take(ChatChannels.join, chatId);
  }

  /** Forgets an ended chat. */
  close(chatId: string): void {
    this.chats.delete(chatId);
    this.save();
  }

  private async signIn(): Promise<void> {
    await this.conn.call(ChatChannels.agent, chatRequest(this.nickname ? { nickname: this.nickname } : {}));
    await this.list();
    for (const stored of this.load()) {
      const known = this.chats.get(stored.chatId);
      try {
        if (known) {
          if (known.state !== 'ended') await known.resume(this.conn);
        } else {
          const view = readView(await this.conn.call(ChatChannels.restore, chatRequest({ ...stored, since: 0 })));
          this.add(new ChatMembership(this.conn, view, this.platform));
        }
      } catch (error) {
        this.events.problem(`Chat ${stored.chatId} could not be restored: ${message(error)}`);
        if (known) known.finish('timeout', Date.now());
        else this.close(stored.chatId);
      }
    }
  }

  /** Lists the waiting chats (watching for changes); changes that arrive meanwhile are applied after. */
  async list(): Promise<void> {
    if (this.listing) return;
    this.listing = [];
    try {
      const reply = readWaitingList(await this.conn.call(ChatChannels.list, chatRequest({ watch: true })));
      const kept = this.listing;
      this.listing = null;
      this.waitingChats.clear();
      for (const chat of reply.chats) this.waitingChats.set(chat.chatId, chat);
      this.listSeq = reply.seq;
      for (const change of kept.sort((a, b) => a.seq - b.seq)) if (change.seq > this.listSeq) this.apply(change);
      this.events.waiting(this.waiting());
    } catch (error) {
      this.listing = null;
      throw error;
    }
  }

  private onQueue(data: unknown): void {
    let change: QueueChange | null;
    try {
      change = readQueueChange(data);
    } catch (error) {
      this.events.problem(message(error));
      return;
    }
    if (!change) return;
    if (this.listing) {
      this.listing.push(change);
      return;
    }
    if (change.seq <= this.listSeq) return;
    if (change.seq !== this.listSeq + 1) {
      // A change was lost: the list is no longer right.
      void this.list().catch((error) => this.events.problem('Could not list the waiting chats: ' + message(error)));
      return;
    }
    this.apply(change);
    this.events.waiting(this.waiting());
  }

  private apply(change: QueueChange): void {
    this.listSeq = change.seq;
    if (change.type === 'added') {
      this.waitingChats.delete(change.chat.chatId); // re-entering goes to the end
      this.waitingChats.set(change.chat.chatId, change.chat);
    } else {
      this.waitingChats.delete(change.chatId);
    }
  }

  private onEvent(data: unknown): void {
    try {
      const event = readChatEvent(data);
      if (event) this.chats.get(event.chatId)?.handle(event);
    } catch (error) {
      this.events.problem(message(error));
    }
  }

  private async take(channel: string, chatId: string): Promise<ChatMembership> {
    const existing = this.chats.get(chatId);
    if (existing && existing.state !== 'ended') return existing;
    const view = readView(await this.conn.call(channel, chatRequest({ chatId })));
    const membership = new ChatMembership(this.conn, view, this.platform);
    this.add(membership);
    return membership;
  }

  private add(membership: ChatMembership): void {
    this.chats.set(membership.chatId, membership);
    membership.events.on('state', ({ state }) => {
      if (state === 'ended') this.save();
    });
    this.save();
    this.events.chat(membership);
  }

  private load(): StoredChat[] {
    try {
      const parsed = JSON.parse(this.storage?.getItem(STORE_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((c): c is StoredChat => typeof c?.chatId === 'string' && typeof c?.userToken === 'string') : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    const live = Array.from(this.chats.values())
      .filter((m) => m.state !== 'ended')
      .map((m) => ({ chatId: m.chatId, userToken: m.userToken }));
    try {
      this.storage?.setItem(STORE_KEY, JSON.stringify(live));
    } catch {
      /* refused: chats then end with the page */
    }
  }
}
