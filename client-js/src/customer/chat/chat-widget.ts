/**
 * The built-in chat widget's UI: the Live Chat button and the chat window (a short form to start,
 * the conversation, typing notices, the end). Like the co-browse UI it lives in a shadow root on a
 * service element (no style leaks, agents never see it), works with the keyboard alone (Enter
 * sends, Shift+Enter breaks the line, Escape minimises) and is labelled for assistive technology.
 * Text from the chat is always rendered as text, never as markup.
 */
import type { ChatSessionApi } from '../../chat/chat-service';
import type { ChatEndReason, ChatMember, ChatMessage } from '../../chat/chat-wire';
import type { ChatFailure, ChatPromise, ChatStorage } from '../../chat/platform';
import { createShadowHost, el } from '../ui/shadow-host';

const CSS = `
:host{all:initial}
*{box-sizing:border-box;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
button{cursor:pointer;border-radius:6px;border:1px solid transparent;padding:7px 14px;font-weight:600}
button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #fbbf24;outline-offset:2px}
button:disabled{opacity:.55;cursor:default}
.primary{background:#c2410c;color:#fff}
.primary:hover:not(:disabled){background:#9a3412}
.secondary{background:#fff;color:#1f2937;border-color:#9ca3af}
.secondary:hover:not(:disabled){background:#f3f4f6}
.launcher{position:fixed;right:150px;bottom:20px;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.window{position:fixed;right:20px;bottom:72px;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 96px);
  display:flex;flex-direction:column;background:#fff;color:#111827;border-radius:12px;box-shadow:0 10px 40px rgba(0,0,0,.35);overflow:hidden}
.head{display:flex;align-items:center;gap:8px;background:#1f2937;color:#fff;padding:8px 8px 8px 14px}
.head h2{margin:0;font-size:15px;font-weight:700;flex:1}
.head button{padding:4px 10px;font-size:13px}
.status{margin:0;padding:6px 14px;background:#f3f4f6;color:#374151;font-size:13px;border-bottom:1px solid #e5e7eb}
.start{display:flex;flex-direction:column;gap:10px;padding:14px}
.start label{display:flex;flex-direction:column;gap:3px;color:#374151;font-size:13px}
input,textarea{border:1px solid #9ca3af;border-radius:6px;padding:6px 8px;color:#111827;background:#fff;resize:none}
.log{list-style:none;margin:0;padding:10px 12px;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;padding:6px 10px;border-radius:10px;background:#f3f4f6;white-space:pre-wrap;overflow-wrap:anywhere}
.msg.own{align-self:flex-end;background:#ffedd5}
.msg.notice{align-self:center;background:none;color:#4b5563;font-size:12px;text-align:center}
.who{display:block;font-size:11px;font-weight:700;color:#4b5563}
.typing{margin:0;padding:0 14px 4px;min-height:18px;color:#4b5563;font-size:12px;font-style:italic}
.compose{display:flex;gap:8px;padding:8px 10px;border-top:1px solid #e5e7eb}
.compose textarea{flex:1}
.problem{margin:0;padding:4px 14px;color:#b91c1c;font-size:12px}
.ended{display:flex;flex-direction:column;gap:8px;align-items:flex-start;padding:8px 14px;border-top:1px solid #e5e7eb}
.ended p{margin:0}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none!important}
`;

export const CHAT_END_MESSAGES: Record<ChatEndReason, string> = {
  customerLeft: 'You ended the chat.',
  agentEnded: 'The representative ended the chat.',
  timeout: 'The chat timed out.',
  waitTimeout: 'No representative was available. Please try again later.',
  shutdown: 'The chat service restarted. Please start a new chat.',
};

const UI_KEY = 'gcb.chat.ui';

export interface ChatWidgetDeps {
  doc: Document;
  /** Where the window's open state is kept across pages (sessionStorage). */
  storage: ChatStorage | null;
  startChat(options: { nickname?: string; subject?: string }): ChatPromise<ChatSessionApi>;
}

function nameOf(member: ChatMember | null): string {
  return member?.nickname || 'Representative';
}

export class ChatWidget {
  private readonly root: ShadowRoot;
  private readonly launcher: HTMLButtonElement;
  private readonly window: HTMLElement;
  private readonly status: HTMLElement;
  private readonly startForm: HTMLFormElement;
  private readonly nameInput: HTMLInputElement;
  private readonly subjectInput: HTMLInputElement;
  private readonly startButton: HTMLButtonElement;
  private readonly log: HTMLOListElement;
  private readonly typing: HTMLElement;
  private readonly problem: HTMLElement;
  private readonly compose: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly endButton: HTMLButtonElement;
  private readonly endedBox: HTMLElement;
  private readonly endedText: HTMLElement;
  private session: ChatSessionApi | null = null;
  private detach: (() => void) | null = null;
  private unread = 0;
  private readonly typers = new Map<number, string>();

  constructor(private readonly deps: ChatWidgetDeps) {
    const doc = deps.doc;
    this.root = createShadowHost(doc, 'chat', CSS).root;
    this.launcher = el(doc, 'button', { className: 'primary launcher', text: 'Live Chat', attrs: { type: 'button', hidden: '' } });
    this.launcher.setAttribute('aria-haspopup', 'dialog');
    this.launcher.setAttribute('aria-controls', 'gcb-chat-window');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', 'Live chat with a representative');
    this.launcher.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));

    const minimize = el(doc, 'button', { className: 'secondary', text: '–', attrs: { type: 'button', 'aria-label': 'Minimize the chat' } });
    minimize.addEventListener('click', () => this.close());
    this.endButton = el(doc, 'button', { className: 'secondary', text: 'End chat', attrs: { type: 'button', hidden: '' } });
    this.endButton.addEventListener('click', () => this.endChat());
    this.status = el(doc, 'p', { className: 'status', text: 'Chat with a representative.', attrs: { role: 'status', 'aria-live': 'polite' } });

    this.nameInput = el(doc, 'input', { attrs: { type: 'text', name: 'nickname', autocomplete: 'given-name', maxlength: '64' } });
    this.subjectInput = el(doc, 'input', { attrs: { type: 'text', name: 'subject', maxlength: '256' } });
    this.startButton = el(doc, 'button', { className: 'primary', text: 'Start chat', attrs: { type: 'submit' } });
    this.startForm = el(doc, 'form', { className: 'start', attrs: { 'aria-label': 'Start a chat' } }, [
      el(doc, 'label', {}, [doc.createTextNode('Your name (optional)'), this.nameInput]),
      el(doc, 'label', {}, [doc.createTextNode('What is it about? (optional)'), this.subjectInput]),
      this.startButton,
    ]);
    this.startForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitStart();
    });

    this.log = el(doc, 'ol', { className: 'log', attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': 'Chat messages', hidden: '' } });
    this.typing = el(doc, 'p', { className: 'typing', attrs: { 'aria-live': 'polite', hidden: '' } });
    this.problem = el(doc, 'p', { className: 'problem', attrs: { role: 'alert', hidden: '' } });
    this.input = el(doc, 'textarea', { attrs: { id: 'gcb-chat-input', rows: '2', maxlength: '4096', placeholder: 'Type your message' } });
    const send = el(doc, 'button', { className: 'primary', text: 'Send', attrs: { type: 'submit' } });
    this.compose = el(doc, 'form', { className: 'compose', attrs: { hidden: '', 'aria-label': 'Send a message' } }, [
      el(doc, 'label', { className: 'visually-hidden', text: 'Message', attrs: { for: 'gcb-chat-input' } }),
      this.input,
      send,
    ]);
    this.compose.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitMessage();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitMessage();
      }
    });
    this.input.addEventListener('input', () => {
      if (!this.session || this.session.getState() === 'ended') return;
      this.session.sendTyping(this.input.value.trim() !== '');
    });

    const again = el(doc, 'button', { className: 'primary', text: 'Start a new chat', attrs: { type: 'button' } });
    again.addEventListener('click', () => this.showStartForm());
    this.endedText = el(doc, 'p');
    this.endedBox = el(doc, 'div', { className: 'ended', attrs: { hidden: '' } }, [this.endedText, again]);

    this.window = el(doc, 'section', { className: 'window', attrs: { id: 'gcb-chat-window', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'gcb-chat-title', hidden: '' } }, [
      el(doc, 'div', { className: 'head' }, [el(doc, 'h2', { text: 'Live chat', attrs: { id: 'gcb-chat-title' } }), this.endButton, minimize]),
      this.status,
      this.startForm,
      this.log,
      this.typing,
      this.problem,
      this.compose,
      this.endedBox,
    ]);
    this.window.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
    this.root.append(this.launcher, this.window);
  }

  /** Shows the Live Chat button (once the primary media is initialised). */
  showLauncher(): void {
    this.launcher.hidden = false;
    if (this.session && this.wasOpen()) this.open(false);
  }

  isOpen(): boolean {
    return !this.window.hidden;
  }

  open(focus = true): void {
    this.window.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.unread = 0;
    this.updateLauncher();
    this.remember(true);
    if (!focus) return;
    if (!this.startForm.hidden) this.nameInput.focus();
    else if (!this.compose.hidden) this.input.focus();
  }

  close(): void {
    if (this.window.hidden) return;
    const hadFocus = this.root.activeElement !== null;
    this.window.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.remember(false);
    if (hadFocus && !this.launcher.hidden) this.launcher.focus();
  }

  /** Shows a session (started here, by the API, or restored) with its transcript so far. */
  attach(session: ChatSessionApi): void {
    if (this.session === session) return;
    this.detach?.();
    this.session = session;
    this.typers.clear();
    this.log.textContent = '';
    for (const message of session.getMessages()) this.render(message, message.from === session.getUserId());
    const onReceived = (e: { message: ChatMessage; sender: ChatMember | null }) => {
      this.render(e.message, false, e.sender);
      if (!this.isOpen()) {
        this.unread++;
        this.updateLauncher();
      }
    };
    const onSent = (e: { message: ChatMessage }) => this.render(e.message, true);
    const onConnected = (e: { agent: ChatMember }) => {
      this.notice(`${nameOf(e.agent)} joined the chat.`);
      this.updateStatus();
    };
    const onDisconnected = (e: { agent: ChatMember }) => {
      this.notice(`${nameOf(e.agent)} left the chat.`);
      this.updateStatus();
    };
    const onTyping = (e: { agent: ChatMember; typing: boolean }) => {
      if (e.typing) this.typers.set(e.agent.userId, nameOf(e.agent));
      else this.typers.delete(e.agent.userId);
      const names = Array.from(this.typers.values());
      this.typing.textContent = names.length ? `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} typing…` : '';
    };
    const onEnded = (e: { reason: ChatEndReason }) => this.showEnded(e.reason);
    session
      .on('messageReceived', onReceived)
      .on('messageSent', onSent)
      .on('agentConnected', onConnected)
      .on('agentDisconnected', onDisconnected)
      .on('agentTyping', onTyping)
      .on('sessionEnded', onEnded);
    this.detach = () => {
      session
        .off('messageReceived', onReceived)
        .off('messageSent', onSent)
        .off('agentConnected', onConnected)
        .off('agentDisconnected', onDisconnected)
        .off('agentTyping', onTyping)
        .off('sessionEnded', onEnded);
    };
    this.startForm.hidden = true;
    this.endedBox.hidden = true;
    this.log.hidden = false;
    this.typing.hidden = false;
    this.typing.textContent = '';
    this.compose.hidden = false;
    this.endButton.hidden = false;
    this.hideProblem();
    this.updateStatus();
    if (session.getState() === 'ended') this.showEnded('customerLeft');
  }

  private submitStart(): void {
    this.startButton.disabled = true;
    this.hideProblem();
    this.status.textContent = 'Starting the chat…';
    this.deps
      .startChat({ nickname: this.nameInput.value, subject: this.subjectInput.value })
      .done(() => {
        if (this.isOpen()) this.input.focus();
      })
      .fail((failure) => {
        this.status.textContent = 'Chat with a representative.';
        this.showProblem('The chat could not start: ' + describe(failure));
      })
      .always(() => {
        this.startButton.disabled = false;
      });
  }

  private submitMessage(): void {
    const session = this.session;
    const text = this.input.value;
    if (!session || session.getState() === 'ended' || text.trim() === '') return;
    this.input.value = '';
    this.hideProblem();
    session.sendMessage(text).fail((failure) => {
      if (!this.input.value) this.input.value = text; // give the text back to try again
      this.showProblem('Not sent: ' + describe(failure));
    });
  }

  private endChat(): void {
    this.session?.leave().fail((failure) => this.showProblem('The chat could not be ended: ' + describe(failure)));
  }

  private showEnded(reason: ChatEndReason): void {
    this.compose.hidden = true;
    this.endButton.hidden = true;
    this.typing.textContent = '';
    this.typers.clear();
    this.endedText.textContent = CHAT_END_MESSAGES[reason] ?? 'The chat has ended.';
    this.endedBox.hidden = false;
    this.status.textContent = 'The chat has ended.';
  }

  private showStartForm(): void {
    this.detach?.();
    this.detach = null;
    this.session = null;
    this.log.textContent = '';
    this.log.hidden = true;
    this.typing.hidden = true;
    this.endedBox.hidden = true;
    this.compose.hidden = true;
    this.endButton.hidden = true;
    this.startForm.hidden = false;
    this.status.textContent = 'Chat with a representative.';
    this.nameInput.focus();
  }

  private updateStatus(): void {
    const session = this.session;
    if (!session || session.getState() === 'ended') return;
    const agents = session.getAgents();
    this.status.textContent = agents.length ? `Chatting with ${agents.map(nameOf).join(', ')}.` : 'Waiting for a representative…';
  }

  private render(message: ChatMessage, own: boolean, from?: ChatMember | null): void {
    const session = this.session;
    const item = this.deps.doc.createElement('li');
    item.className = own ? 'msg own' : 'msg';
    item.dataset.seq = String(message.seq);
    const sender = own ? 'You' : nameOf(from ?? session?.getMembers().find((m) => m.userId === message.from) ?? null);
    const when = new Date(message.time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const who = el(this.deps.doc, 'span', { className: 'who', text: `${sender} · ${when}` });
    const text =
      message.kind === 'cobrowse'
        ? own
          ? 'You shared your co-browse session with the representative.'
          : 'A co-browse session was shared.'
        : message.text;
    item.append(who, this.deps.doc.createTextNode(text));
    // keep seq order (a restore may bring older messages after newer ones were shown)
    const after = Array.from(this.log.querySelectorAll<HTMLElement>('li[data-seq]')).find((li) => Number(li.dataset.seq) > message.seq);
    if (this.log.querySelector(`li[data-seq="${message.seq}"]`)) return;
    this.log.insertBefore(item, after ?? null);
    this.log.scrollTop = this.log.scrollHeight;
  }

  private notice(text: string): void {
    this.log.appendChild(el(this.deps.doc, 'li', { className: 'msg notice', text }));
    this.log.scrollTop = this.log.scrollHeight;
  }

  private showProblem(text: string): void {
    this.problem.textContent = text;
    this.problem.hidden = false;
  }

  private hideProblem(): void {
    this.problem.hidden = true;
    this.problem.textContent = '';
  }

  private updateLauncher(): void {
    this.launcher.textContent = this.unread ? `Live Chat (${this.unread})` : 'Live Chat';
    this.launcher.setAttribute('aria-label', this.unread ? `Live chat with a representative, ${this.unread} new` : 'Live chat with a representative');
  }

  private remember(open: boolean): void {
    try {
      this.deps.storage?.setItem(UI_KEY, JSON.stringify({ open }));
    } catch {
      /* refused */
    }
  }

  private wasOpen(): boolean {
    try {
      return JSON.parse(this.deps.storage?.getItem(UI_KEY) ?? 'null')?.open === true;
    } catch {
      return false;
    }
  }
}

export function describe(failure: ChatFailure | undefined): string {
  return failure?.error?.description ?? 'no reason given';
}
