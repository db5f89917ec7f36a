/**
 * The built-in UI (unless `disableBuiltInUI`): the Co-browse button with its question, the toolbar
 * with the token and Exit, notifications, and the customer's consent to write mode. Everything is
 * keyboard-usable, labelled for assistive technology, inside a shadow root, and hidden
 * from agents.
 */
import type { TopContextApi } from '../cobrowse-api';
import type { MediaBridge } from '../media';
import type { EndReason } from '../../shared/wire';
import { createShadowHost, el } from './shadow-host';

const CSS = `
:host{all:initial}
*{box-sizing:border-box;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
button{cursor:pointer;border-radius:6px;border:1px solid transparent;padding:7px 14px;font-weight:600}
button:focus-visible{outline:3px solid #fbbf24;outline-offset:2px}
.primary{background:#c2410c;color:#fff}
.primary:hover{background:#9a3412}
.secondary{background:#fff;color:#1f2937;border-color:#9ca3af}
.secondary:hover{background:#f3f4f6}
.launcher{position:fixed;right:20px;bottom:20px;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.toolbar{position:fixed;top:0;left:50%;transform:translateX(-50%);display:flex;gap:12px;align-items:center;
  background:#1f2937;color:#fff;padding:6px 8px 6px 14px;border-radius:0 0 10px 10px;box-shadow:0 4px 14px rgba(0,0,0,.3)}
.toolbar .token{font-variant-numeric:tabular-nums;letter-spacing:.08em;font-weight:700}
.toolbar .mode{font-size:12px;background:#c2410c;border-radius:8px;padding:1px 8px}
.backdrop{position:fixed;inset:0;background:rgba(17,24,39,.45);display:flex;align-items:center;justify-content:center}
.dialog{background:#fff;color:#111827;border-radius:10px;padding:20px 22px;max-width:380px;box-shadow:0 10px 40px rgba(0,0,0,.35)}
.dialog h2{font-size:17px;font-weight:700;margin:0 0 8px}
.dialog p{margin:0 0 16px}
.dialog .actions{display:flex;gap:10px;justify-content:flex-end}
.toasts{position:fixed;right:20px;bottom:76px;display:flex;flex-direction:column;gap:8px;max-width:340px}
.toast{background:#111827;color:#fff;padding:10px 14px;border-radius:8px;box-shadow:0 4px 14px rgba(0,0,0,.3)}
[hidden]{display:none!important}
@media (prefers-reduced-motion: no-preference){.toast{animation:gcb-in .2s ease-out}}
@keyframes gcb-in{from{opacity:0;transform:translateY(6px)}to{opacity:1;transform:none}}
`;

export const END_MESSAGES: Record<EndReason, string> = {
  self: 'You exited the co-browse session.',
  external: 'The representative ended the co-browse session.',
  timeout: 'The co-browse session timed out.',
  inactivityTimeout: 'No representative joined. The co-browse session was closed.',
  error: 'Something went wrong. The co-browse session ended.',
};

/** Internal hooks that the public API does not have. */
export interface UiHooks {
  /** Write mode: the UI asks the customer and resolves with the answer. */
  setConsentProvider(provider: () => Promise<boolean>): void;
  /** Write mode changed: the toolbar shows it and offers to stop it. */
  onWriteModeChanged(listener: (on: boolean) => void): void;
  revokeWriteMode(): void;
}

export class BuiltInUi {
  private readonly launcher: HTMLButtonElement;
  private readonly toolbar: HTMLElement;
  private readonly tokenText: HTMLElement;
  private readonly modeBadge: HTMLElement;
  private readonly stopControl: HTMLButtonElement;
  private readonly toasts: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly warnedFields = new WeakSet<Element>();
  private readonly masked = new WeakSet<Element>();

  constructor(
    private readonly doc: Document,
    private readonly api: TopContextApi,
    private readonly media: MediaBridge,
    hooks: UiHooks,
  ) {
    this.root = createShadowHost(doc, 'built-in', CSS).root;
    this.launcher = el(doc, 'button', { className: 'primary launcher', text: 'Co-browse', attrs: { type: 'button', hidden: '' } });
    this.launcher.setAttribute('aria-label', 'Start co-browsing with a representative');
    this.launcher.addEventListener('click', () => void this.onLauncher());

    this.tokenText = el(doc, 'span', { className: 'token' });
    this.modeBadge = el(doc, 'span', { className: 'mode', text: 'Representative in control', attrs: { hidden: '' } });
    this.stopControl = el(doc, 'button', { className: 'secondary', text: 'Stop control', attrs: { type: 'button', hidden: '' } });
    this.stopControl.addEventListener('click', () => hooks.revokeWriteMode());
    const exit = el(doc, 'button', { className: 'secondary', text: 'Exit', attrs: { type: 'button' } });
    exit.setAttribute('aria-label', 'Exit the co-browse session');
    exit.addEventListener('click', () => this.api.exitSession());
    this.toolbar = el(doc, 'div', { className: 'toolbar', attrs: { role: 'region', 'aria-label': 'Co-browse session', hidden: '' } }, [
      el(doc, 'span', { text: 'Co-browse session' }),
      this.tokenText,
      this.modeBadge,
      this.stopControl,
      exit,
    ]);
    this.toasts = el(doc, 'div', { className: 'toasts', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.root.append(this.launcher, this.toolbar, this.toasts);

    hooks.setConsentProvider(() => this.askWriteConsent());
    hooks.onWriteModeChanged((on) => {
      this.modeBadge.hidden = !on;
      this.stopControl.hidden = !on;
      this.notify(on ? 'The representative can now click and type on this page.' : 'The representative can no longer control this page.');
    });
    this.wireSignals();
  }

  private wireSignals(): void {
    const api = this.api;
    api.onInitialized.add((session) => {
      if (session) this.showToolbar(session.token);
      else this.showLauncherWhenMediaReady();
    });
    api.onSessionStarted.add((session) => this.showToolbar(session.token));
    api.onAgentJoined.add(() => this.notify('A representative joined the session and can see this page.'));
    api.onAgentNavigated.add((details) =>
      this.notify(details.command === 'url' ? `The representative is opening ${details.url ?? 'another page'}.` : `The representative pressed "${details.command}". The page will change.`),
    );
    api.onNavigationFailed.add(() => this.notify('The representative’s navigation could not be done.'));
    api.onSessionEnded.add((details) => {
      this.toolbar.hidden = true;
      this.notify(END_MESSAGES[details.reason as EndReason] ?? END_MESSAGES.error);
      this.launcher.hidden = false;
    });
    api.onMaskedElement.add((element) => this.masked.add(element));
    this.doc.addEventListener(
      'focusin',
      (event) => {
        const target = event.target as Element | null;
        if (!target || !this.toolbarVisible() || !this.masked.has(target) || this.warnedFields.has(target)) return;
        this.warnedFields.add(target);
        this.notify('This field is masked: the representative cannot see what you type here.');
      },
      true,
    );
  }

  private toolbarVisible(): boolean {
    return !this.toolbar.hidden;
  }

  private showToolbar(token: string): void {
    this.launcher.hidden = true;
    this.tokenText.textContent = token;
    this.tokenText.setAttribute('aria-label', 'Session token ' + token.split('').join(' '));
    this.toolbar.hidden = false;
  }

  /** The buttons show only after the primary media finished initialising (`initializeAsync`). */
  private showLauncherWhenMediaReady(): void {
    this.media.whenReady(() => {
      if (this.toolbar.hidden) this.launcher.hidden = false;
    });
  }

  private async onLauncher(): Promise<void> {
    if (!this.api.isBrowserSupported()) {
      this.notify('Sorry, co-browsing is not supported in this browser.');
      return;
    }
    // The seed: isAgentConnected() false → ask about the phone; no isAgentConnected → phone or chat.
    const presence = this.media.agentPresence();
    if (presence !== 'connected') {
      const question = presence === 'unknown' ? 'Are you on the phone or in a chat with a representative?' : 'Are you on the phone with a representative?';
      const onPhone = await this.ask('Co-browse', question, 'Yes', 'No');
      if (!onPhone) {
        this.notify(
          presence === 'unknown'
            ? 'Please call us or chat with us first; the representative will then ask you to start co-browsing.'
            : this.media.builtInChat
              ? 'Please call us or start a live chat first; the representative will then ask you to start co-browsing.'
              : 'Please call us first; the representative will then ask you to start co-browsing.',
        );
        return;
      }
    }
    this.launcher.hidden = true;
    try {
      this.api.startSession();
    } catch (error) {
      this.launcher.hidden = false;
      this.notify('Co-browsing could not start: ' + (error instanceof Error ? error.message : String(error)));
    }
  }

  private askWriteConsent(): Promise<boolean> {
    return this.ask('Co-browse', 'The representative asks to control this page: to click, type and navigate for you. Allow?', 'Allow', 'Deny');
  }

  /** A modal question; resolves true for `yes`. Escape answers no. */
  private ask(title: string, question: string, yes: string, no: string): Promise<boolean> {
    return new Promise((resolve) => {
      const doc = this.doc;
      const titleId = 'gcb-dialog-title';
      const yesButton = el(doc, 'button', { className: 'primary', text: yes, attrs: { type: 'button' } });
      const noButton = el(doc, 'button', { className: 'secondary', text: no, attrs: { type: 'button' } });
      const dialog = el(doc, 'div', { className: 'dialog', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId } }, [
        el(doc, 'h2', { text: title, attrs: { id: titleId } }),
        el(doc, 'p', { text: question }),
        el(doc, 'div', { className: 'actions' }, [noButton, yesButton]),
      ]);
      const backdrop = el(doc, 'div', { className: 'backdrop' }, [dialog]);
      const previous = doc.activeElement as HTMLElement | null;
      const close = (answer: boolean) => {
        backdrop.remove();
        previous?.focus?.();
        resolve(answer);
      };
      yesButton.addEventListener('click', () => close(true));
      noButton.addEventListener('click', () => close(false));
      backdrop.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') close(false);
        if (event.key === 'Tab') {
          // keep the focus inside the dialog
          event.preventDefault();
          (this.root.activeElement === yesButton ? noButton : yesButton).focus();
        }
      });
      this.root.appendChild(backdrop);
      yesButton.focus();
    });
  }

  notify(message: string): void {
    const toast = el(this.doc, 'div', { className: 'toast', text: message });
    this.toasts.appendChild(toast);
    setTimeout(() => toast.remove(), 6000);
  }
}
