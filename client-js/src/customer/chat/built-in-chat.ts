/**
 * The built-in chat: the Chat Service API, its widget (`chat-widget.ts`), the Chat Widget API
 * (`APIs.chat`) and the External Media Adapter that makes it co-browse's default primary media —
 * behind exactly the interface an integrator's own chat implements.
 */
import { builtinPlatform } from '../../chat/builtin-platform';
import { ChatService, type ChatSessionApi } from '../../chat/chat-service';
import type { ChatPlatform, ChatPromise } from '../../chat/platform';
import { settle } from '../../chat/platform';
import type { ServerLocation } from '../../shared/server-url';
import type { ChatConfig, PrimaryMedia } from '../config';
import { ChatWidget, describe } from './chat-widget';

/** `APIs.chat`: the Chat Widget API. */
export interface ChatWidgetApi {
  /** Starts a chat (or gives the one going on) and opens the window. */
  startChat(options?: { nickname?: string; subject?: string }): ChatPromise<ChatSessionApi>;
  /** Restores the chat of an earlier page; fails without `error` when there is none. */
  restoreChat(): ChatPromise<ChatSessionApi>;
  /** Ends the chat going on, if any. */
  endChat(): ChatPromise<void>;
  open(): void;
  close(): void;
  isOpen(): boolean;
  /** The Chat Service API's session going on, if any. */
  getSession(): ChatSessionApi | null;
}

export interface BuiltInChatDeps {
  doc: Document;
  server: ServerLocation | null;
  config: ChatConfig;
  disableWebSockets: boolean;
  /** False when `cobrowse.primaryMedia` substitutes another medium: no Live Chat button then. */
  isPrimaryMedia: boolean;
  platform?: ChatPlatform;
}

export class BuiltInChat {
  readonly service: ChatService;
  readonly api: ChatWidgetApi;
  readonly media: PrimaryMedia;
  private widget: ChatWidget | null = null;
  private readonly platform: ChatPlatform;

  constructor(private readonly deps: BuiltInChatDeps) {
    this.platform = deps.platform ?? builtinPlatform;
    this.service = new ChatService(this.platform, { serverUrl: deps.server?.base ?? null, storageKey: 'gcb.chat' });
    const options = { disableWebSockets: deps.disableWebSockets };
    const startChat = (o: { nickname?: string; subject?: string } = {}) => {
      this.widget?.open(false);
      return this.shown(this.service.startSession({ ...options, nickname: o?.nickname, subject: o?.subject }));
    };
    const restoreChat = () => this.shown(this.service.restoreSession(options));
    this.api = Object.freeze({
      startChat,
      restoreChat,
      endChat: () => {
        const session = this.service.getSession();
        return session ? session.leave() : settle(this.platform, Promise.resolve());
      },
      open: () => this.widget?.open(),
      close: () => this.widget?.close(),
      isOpen: () => this.widget?.isOpen() ?? false,
      getSession: () => this.service.getSession(),
    });
    this.media = Object.freeze({
      initializeAsync: (done: () => void) => {
        if (deps.config.autoRestore) restoreChat().always(() => done());
        else done();
      },
      isAgentConnected: () => this.service.membership()?.isAgentConnected() === true,
      sendCbSessionToken: (token: string) => {
        const session = this.service.getSession();
        if (!session || session.getState() === 'ended') return;
        session.sendCbSessionToken(token).fail((failure) => console.warn('Chat: the co-browse token could not be sent to the agent:', describe(failure)));
      },
    });
  }

  /** Builds the widget (unless `chat.disableBuiltInUI`), once the page has a body. */
  mountUi(storage: Storage | null): void {
    if (this.deps.config.disableBuiltInUI || this.widget) return;
    this.widget = new ChatWidget({ doc: this.deps.doc, storage, startChat: (o) => this.api.startChat(o) });
    const session = this.service.getSession();
    if (session) this.widget.attach(session);
  }

  /** The primary media is initialised: the Live Chat button may show (not when another medium substitutes the chat). */
  showLauncher(): void {
    if (this.deps.isPrimaryMedia) this.widget?.showLauncher();
  }

  private shown(promise: ChatPromise<ChatSessionApi>): ChatPromise<ChatSessionApi> {
    return promise.done((session) => this.widget?.attach(session));
  }
}
