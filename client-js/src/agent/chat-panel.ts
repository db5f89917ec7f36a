/**
 * The agent console's chat panel: the waiting chats (live), the agent's own chats, the selected
 * conversation (messages, typing, send, leave, end). A co-browse session the customer shares is
 * shown with its `{start:<TOKEN>}` text and a button that joins it in one click.
 */
import type { WaitingChat } from '../chat/chat-wire';
import { sharedCobrowseToken, type ChatMember, type ChatMessage } from '../chat/chat-wire';
import type { ChatMembership } from '../chat/membership';
import type { ConnectionState } from '../shared/cometd-connection';
import type { AgentChatDesk } from './agent-chat';

const END_TEXT: Record<string, string> = {
  customerLeft: 'The customer ended the chat.',
  agentEnded: 'An agent ended the chat.',
  timeout: 'The chat timed out: the customer did not come back.',
  waitTimeout: 'Nobody accepted the chat in time.',
  shutdown: 'The server shut down.',
};

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error('agent console: missing #' + id);
  return el;
}

function text(tag: string, content: string, className?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  return el;
}

function waitedFor(since: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - since) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`;
}

export interface ChatPanelHooks {
  /** Joins the customer's co-browse session (the console's join by token). */
  joinCobrowse(token: string): void;
  log(text: string, problem?: boolean): void;
}

interface ChatEntry {
  membership: ChatMembership;
  unread: number;
  lastState?: string;
  endReason?: string;
}

export class ChatPanel {
  private readonly ui = {
    connection: $('chat-connection'),
    nameForm: $('agent-name-form') as HTMLFormElement,
    nameInput: $('agent-name') as HTMLInputElement,
    waitingCount: $('waiting-count'),
    waitingList: $('waiting-list'),
    waitingEmpty: $('waiting-empty'),
    myChats: $('my-chats'),
    conversation: $('conversation'),
    title: $('conversation-title'),
    state: $('conversation-state'),
    messages: $('chat-messages'),
    typing: $('chat-typing'),
    form: $('chat-form') as HTMLFormElement,
    input: $('chat-input') as HTMLTextAreaElement,
    leave: $('chat-leave') as HTMLButtonElement,
    end: $('chat-end') as HTMLButtonElement,
  };
  private readonly entries = new Map<string, ChatEntry>();
  private selected: string | null = null;
  private desk: AgentChatDesk | null = null;

  constructor(private readonly hooks: ChatPanelHooks) {
    this.ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    this.ui.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    this.ui.input.addEventListener('input', () => {
      const m = this.current();
      if (m && m.state !== 'ended') m.typing(this.ui.input.value.trim() !== '').catch(() => undefined);
    });
    this.ui.leave.addEventListener('click', () => this.act('leave'));
    this.ui.end.addEventListener('click', () => this.act('end'));
    this.ui.messages.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-token]');
      if (button?.dataset.token) this.hooks.joinCobrowse(button.dataset.token);
    });
    // the waits grow: update their text (not the list, whose buttons may be under the pointer)
    setInterval(() => {
      for (const span of Array.from(this.ui.waitingList.querySelectorAll<HTMLElement>('[data-since]'))) {
        span.textContent = ` (waiting ${waitedFor(Number(span.dataset.since))})`;
      }
    }, 15000);
  }

  attach(desk: AgentChatDesk, nickname: string): void {
    this.desk = desk;
    this.ui.nameInput.value = nickname;
    this.ui.nameForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = this.ui.nameInput.value.trim();
      try {
        sessionStorage.setItem('tandem.agent.name', name);
      } catch {
        /* refused */
      }
      desk.rename(name).then(
        () => this.hooks.log(`Customers now see you as ${name || 'an agent'} in new chats.`),
        (error) => this.hooks.log('Could not change the name: ' + (error instanceof Error ? error.message : String(error)), true),
      );
    });
  }

  state(state: ConnectionState): void {
    this.ui.connection.dataset.state = state;
    this.ui.connection.textContent = { connecting: 'Connecting…', connected: 'On duty', reconnecting: 'Reconnecting…', disconnected: 'Off duty' }[state];
  }

  waiting(chats: WaitingChat[]): void {
    this.waitingChats = chats;
    this.renderWaiting();
  }

  private waitingChats: WaitingChat[] = [];

  private renderWaiting(): void {
    const list = this.ui.waitingList;
    list.textContent = '';
    for (const chat of this.waitingChats) {
      const item = document.createElement('li');
      const who = chat.nickname || 'A customer';
      const waited = text('span', ` (waiting ${waitedFor(chat.waitingSince)})`, 'help');
      waited.dataset.since = String(chat.waitingSince);
      item.append(text('strong', who), text('span', chat.subject ? ` — ${chat.subject}` : ''), waited);
      const accept = document.createElement('button');
      accept.type = 'button';
      accept.textContent = 'Accept';
      accept.setAttribute('aria-label', `Accept the chat with ${who}`);
      accept.addEventListener('click', () => {
        accept.disabled = true;
        this.desk?.accept(chat.chatId).then(
          (m) => this.select(m.chatId),
          (error) => {
            accept.disabled = false;
            this.hooks.log('Could not accept the chat: ' + (error instanceof Error ? error.message : String(error)), true);
          },
        );
      });
      item.append(' ', accept);
      list.appendChild(item);
    }
    this.ui.waitingCount.textContent = `(${this.waitingChats.length})`;
    this.ui.waitingEmpty.hidden = this.waitingChats.length > 0;
  }

  /** A chat this agent is now in. */
  chat(membership: ChatMembership): void {
    const entry: ChatEntry = { membership, unread: 0 };
    this.entries.set(membership.chatId, entry);
    const e = membership.events;
    const refresh = () => (this.selected === membership.chatId ? this.renderConversation() : this.renderMyChats());
    e.on('message', ({ message, sender }) => {
      if (this.selected === membership.chatId) this.appendMessage(membership, message, sender);
      else entry.unread++;
      this.renderMyChats();
      const token = sharedCobrowseToken(message);
      if (token) this.hooks.log(`${sender?.nickname || 'The customer'} shared co-browse session ${token}: press “Join co-browse” in the chat.`);
    });
    e.on('sent', ({ message }) => this.selected === membership.chatId && this.appendMessage(membership, message, membership.member(membership.userId)));
    e.on('joined', ({ member }) => this.notice(membership, `${this.name(member)} joined the chat.`));
    e.on('left', ({ member, reason }) => this.notice(membership, `${this.name(member)} ${reason === 'timeout' ? 'timed out' : 'left the chat'}.`));
    e.on('presence', ({ member, online }) => this.notice(membership, `${this.name(member)} ${online ? 'is back' : 'went offline (page change or reload)'}.`));
    e.on('typing', () => this.selected === membership.chatId && this.renderTyping());
    e.on('ended', ({ reason }) => {
      entry.endReason = reason;
      this.hooks.log(END_TEXT[reason] ?? 'A chat ended.');
      refresh();
    });
    e.on('state', refresh);
    if (!this.selected || this.current()?.state === 'ended') this.select(membership.chatId);
    else this.renderMyChats();
  }

  private name(member: ChatMember): string {
    return member.nickname || (member.role === 'customer' ? 'The customer' : 'An agent');
  }

  private current(): ChatMembership | null {
    return this.selected ? (this.entries.get(this.selected)?.membership ?? null) : null;
  }

  private select(chatId: string): void {
    this.selected = chatId;
    const entry = this.entries.get(chatId);
    if (entry) entry.unread = 0;
    this.renderConversation();
    this.ui.input.focus();
  }

  private renderMyChats(): void {
    const list = this.ui.myChats;
    list.textContent = '';
    for (const [chatId, entry] of this.entries) {
      const m = entry.membership;
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      const who = m.customer()?.nickname || 'Customer';
      button.textContent = `${who}${m.state === 'ended' ? ' (ended)' : ''}${entry.unread ? ` — ${entry.unread} new` : ''}`;
      button.setAttribute('aria-pressed', String(chatId === this.selected));
      button.addEventListener('click', () => this.select(chatId));
      item.appendChild(button);
      if (m.state === 'ended') {
        const close = document.createElement('button');
        close.type = 'button';
        close.textContent = 'Close';
        close.setAttribute('aria-label', `Close the ended chat with ${who}`);
        close.addEventListener('click', () => {
          this.entries.delete(chatId);
          this.desk?.close(chatId);
          if (this.selected === chatId) {
            this.selected = null;
            this.ui.conversation.hidden = true;
          }
          this.renderMyChats();
        });
        item.append(' ', close);
      }
      list.appendChild(item);
    }
  }

  private renderConversation(): void {
    this.renderMyChats();
    const m = this.current();
    if (!m) {
      this.ui.conversation.hidden = true;
      return;
    }
    const entry = this.entries.get(m.chatId)!;
    this.ui.conversation.hidden = false;
    const customer = m.customer();
    this.ui.title.textContent = `Chat with ${customer?.nickname || 'the customer'}${m.subject ? ' — ' + m.subject : ''}`;
    this.ui.state.textContent =
      m.state === 'ended' ? (END_TEXT[entry.endReason ?? ''] ?? 'The chat has ended.') : m.state === 'waiting' ? 'Waiting for an agent.' : customer?.online === false ? 'The customer is offline (changing page).' : 'Active.';
    this.ui.messages.textContent = '';
    for (const message of m.messages()) this.appendMessage(m, message, m.member(message.from));
    this.renderTyping();
    const ended = m.state === 'ended';
    this.ui.form.hidden = ended;
    this.ui.leave.hidden = ended;
    this.ui.end.hidden = ended;
  }

  private renderTyping(): void {
    const m = this.current();
    const customer = m?.customer();
    this.ui.typing.textContent = m && customer && m.isTyping(customer.userId) ? `${customer.nickname || 'The customer'} is typing…` : '';
  }

  private appendMessage(m: ChatMembership, message: ChatMessage, sender: ChatMember | null): void {
    const item = document.createElement('li');
    item.className = message.from === m.userId ? 'own' : sender?.role === 'customer' ? 'customer' : 'agent';
    item.dataset.seq = String(message.seq);
    const who = message.from === m.userId ? 'You' : sender?.nickname || (sender?.role === 'customer' ? 'Customer' : 'Agent');
    item.appendChild(text('span', `${who} · ${new Date(message.time).toLocaleTimeString()}`, 'who'));
    const token = sharedCobrowseToken(message);
    if (token) {
      item.classList.add('cobrowse');
      item.appendChild(text('span', `Shared a co-browse session: ${message.text}`));
      const join = document.createElement('button');
      join.type = 'button';
      join.dataset.token = token;
      join.textContent = 'Join co-browse';
      join.setAttribute('aria-label', `Join co-browse session ${token}`);
      item.append(' ', join);
    } else {
      item.appendChild(text('span', message.text, 'text'));
    }
    this.ui.messages.appendChild(item);
    this.ui.messages.scrollTop = this.ui.messages.scrollHeight;
  }

  private notice(m: ChatMembership, content: string): void {
    if (this.selected !== m.chatId) return;
    this.ui.messages.appendChild(text('li', content, 'notice'));
    this.ui.messages.scrollTop = this.ui.messages.scrollHeight;
    this.ui.state.textContent = m.state === 'waiting' ? 'Waiting for an agent.' : this.ui.state.textContent;
  }

  private send(): void {
    const m = this.current();
    const value = this.ui.input.value;
    if (!m || m.state === 'ended' || value.trim() === '') return;
    this.ui.input.value = '';
    m.sendText(value).catch((error) => {
      if (!this.ui.input.value) this.ui.input.value = value;
      this.hooks.log('Not sent: ' + (error instanceof Error ? error.message : String(error)), true);
    });
  }

  private act(what: 'leave' | 'end'): void {
    const m = this.current();
    if (!m) return;
    (what === 'leave' ? m.leave() : m.end()).then(
      () => {
        if (what === 'leave') this.hooks.log('You left the chat.');
        this.renderConversation();
      },
      (error) => this.hooks.log(`Could not ${what} the chat: ` + (error instanceof Error ? error.message : String(error)), true),
    );
  }
}
