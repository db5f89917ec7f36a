/**
 * Entry point of the agent console (/cobrowse/agent/): chats (waiting list, accept, converse) and
 * co-browse — join by token (or ?token=…, or in one click from a chat), watch the customer's page
 * live, point, ask for control, navigate, leave or stop the session.
 */
import { builtinPlatform } from '../chat/builtin-platform';
import { BayeuxConnection } from '../shared/bayeux';
import { ConnectionPool } from '../shared/connection-pool';
import type { ControlMessage, EndReason, NavigationCommand } from '../shared/wire';
import { AgentChatDesk } from './agent-chat';
import { AgentSession } from './agent-session';
import { ChatPanel } from './chat-panel';
import { ReplayView } from './replay-view';

/** Why the session ended, as the agent reads it (the reasons are the customer's, see onSessionEnded). */
const END_TEXT: Record<EndReason, string> = {
  self: 'The customer ended the session.',
  external: 'A representative stopped the session.',
  timeout: 'The session timed out: the customer’s page did not come back in time.',
  inactivityTimeout: 'The session closed: no agent joined in time.',
  error: 'The session ended after an error.',
};

const POINTER_EVERY_MS = 30;

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error('agent console: missing #' + id);
  return el;
}

/** /cobrowse/agent/ → https://host/cobrowse */
export function serverBase(loc: Location): string {
  const index = loc.pathname.lastIndexOf('/agent/');
  return loc.origin + (index >= 0 ? loc.pathname.substring(0, index) : '/cobrowse');
}

class Console {
  /** One Bayeux connection for the chat desk and the co-browse view (`?longPolling` forces long-polling for both). */
  private pool: ConnectionPool | null = null;
  private session: AgentSession | null = null;
  private view: ReplayView | null = null;
  private token = '';
  private stopping = false;
  private write = false;
  private scale = 1;
  private lastPointer = 0;
  private pendingPointer: number | null = null;

  private readonly ui = {
    connection: $('connection'),
    joinForm: $('join-form') as HTMLFormElement,
    tokenInput: $('token-input') as HTMLInputElement,
    section: $('session'),
    sessionToken: $('session-token'),
    mode: $('mode'),
    requestWrite: $('request-write') as HTMLButtonElement,
    nav: $('nav'),
    navUrlForm: $('nav-url-form') as HTMLFormElement,
    navUrl: $('nav-url') as HTMLInputElement,
    pageUrl: $('page-url'),
    pageSize: $('page-size'),
    stage: $('stage'),
    frame: $('frame'),
    replayRoot: $('replay-root'),
    overlay: $('overlay'),
    log: $('log'),
  };

  start(): void {
    const base = serverBase(window.location);
    const params = new URLSearchParams(location.search);
    this.pool = new ConnectionPool(
      () => new BayeuxConnection({ url: base + '/cometd', disableWebSockets: params.has('longPolling'), useWorkerScheduler: true, logLevel: params.has('debug') ? 'debug' : 'warn' }),
    );
    this.startChats(base);
    this.ui.joinForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.join(base, this.ui.tokenInput.value.trim());
    });
    $('leave').addEventListener('click', () => void this.session?.leave());
    $('stop').addEventListener('click', () => void this.stop());
    this.ui.requestWrite.addEventListener('click', () => {
      if (this.write) {
        this.session?.send({ type: 'releaseWrite' });
        this.setWrite(false);
      } else {
        this.session?.send({ type: 'requestWrite' });
        this.logLine('Asked the customer for control…');
      }
    });
    for (const command of ['back', 'forward', 'refresh'] as const) {
      $('nav-' + command).addEventListener('click', () => this.navigate(command));
    }
    this.ui.navUrlForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.navigate('url', this.ui.navUrl.value.trim());
    });
    this.wireOverlay();
    window.addEventListener('resize', () => this.fit());
    const fromQuery = new URLSearchParams(window.location.search).get('token');
    if (fromQuery && /^\d{9}$/.test(fromQuery)) {
      this.ui.tokenInput.value = fromQuery;
      void this.join(base, fromQuery);
    }
  }

  /** The chat desk: signs in at once, on the shared connection. */
  private startChats(base: string): void {
    const params = new URLSearchParams(location.search);
    let nickname = params.get('name') ?? '';
    try {
      nickname = nickname || sessionStorage.getItem('tandem.agent.name') || '';
    } catch {
      /* refused */
    }
    nickname = nickname.trim().slice(0, 64) || 'Agent';
    const panel = new ChatPanel({
      joinCobrowse: (token) => {
        if (this.session) {
          this.logLine(this.token === token ? 'You are already in this co-browse session.' : 'Leave the current co-browse session first.', this.token !== token);
          return;
        }
        this.ui.tokenInput.value = token;
        void this.join(base, token);
      },
      log: (text, problem) => this.logLine(text, problem),
    });
    let storage: Storage | null = null;
    try {
      storage = sessionStorage;
    } catch {
      /* refused: chats end with the page */
    }
    const desk = new AgentChatDesk(
      this.pool!.lease(),
      builtinPlatform,
      {
        state: (state) => panel.state(state),
        waiting: (chats) => panel.waiting(chats),
        chat: (membership) => panel.chat(membership),
        problem: (text) => this.logLine(text, true),
      },
      storage,
    );
    panel.attach(desk, nickname);
    desk.start(nickname).catch((error) => this.logLine('Chats are not available: ' + (error instanceof Error ? error.message : String(error)), true));
  }

  private async join(base: string, token: string): Promise<void> {
    if (!/^\d{9}$/.test(token)) {
      this.logLine('A session token has 9 digits.', true);
      this.ui.tokenInput.focus();
      return;
    }
    if (this.session) return;
    this.token = token;
    const params = new URLSearchParams(location.search);
    const connection = () =>
      new BayeuxConnection({ url: base + '/cometd', disableWebSockets: params.has('longPolling'), useWorkerScheduler: true, logLevel: params.has('debug') ? 'debug' : 'warn' });
    this.view = new ReplayView({
      root: this.ui.replayRoot,
      onResize: (width, height) => {
        this.ui.pageSize.textContent = `(${width}×${height})`;
        this.ui.frame.style.width = width + 'px';
        this.ui.frame.style.height = height + 'px';
        this.fit();
      },
      onCompactionNeeded: () => this.session?.send({ type: 'resync' }),
    });
    const session = new AgentSession(this.pool!.lease(), connection, {
      stream: (envelope) => {
        for (const event of envelope.events) {
          if (event.type === 4) {
            const href = (event.data as { href?: unknown })?.href;
            if (typeof href === 'string') this.ui.pageUrl.textContent = href;
          }
        }
        this.view?.addBatch(envelope.events);
      },
      control: (message) => this.onControl(message),
      ended: (reason, own) => this.ended(reason, own),
      state: (state) => {
        this.ui.connection.dataset.state = state;
        this.ui.connection.textContent = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', disconnected: 'Disconnected' }[state];
      },
      joined: (user) => this.logLine(user.role === 1 ? 'The customer is back.' : 'Another participant joined.'),
      problem: (text) => this.logLine(text, true),
    });
    this.session = session;
    try {
      await session.join(token, 'Agent');
      this.ui.sessionToken.textContent = token;
      this.ui.joinForm.hidden = true;
      this.ui.section.hidden = false;
      this.logLine('Joined session ' + token + '. Waiting for the customer’s page…');
      this.ui.overlay.focus({ preventScroll: true });
    } catch (error) {
      this.logLine('Could not join: ' + (error instanceof Error ? error.message : String(error)), true);
      this.session = null;
      this.view.destroy();
      this.view = null;
    }
  }

  private async stop(): Promise<void> {
    if (!this.session) return;
    this.stopping = true;
    try {
      await this.session.stopSession(this.token);
    } catch (error) {
      this.stopping = false;
      this.logLine('Could not stop the session: ' + (error instanceof Error ? error.message : String(error)), true);
    }
  }

  private navigate(command: NavigationCommand, url?: string): void {
    if (!this.write) return;
    this.session?.send(command === 'url' ? { type: 'navigate', command, url } : { type: 'navigate', command });
  }

  private onControl(message: ControlMessage): void {
    switch (message.type) {
      case 'writeGranted':
        this.setWrite(true);
        this.logLine('The customer gave you control.');
        break;
      case 'writeDenied':
        this.logLine('The customer declined control.');
        break;
      case 'writeRevoked':
        this.setWrite(false);
        this.logLine('The customer took control back.');
        break;
      case 'navigating':
        this.logLine(`Navigating (${message.command}${message.url ? ' ' + message.url : ''})…`);
        break;
      case 'navigationFailed':
        this.logLine(`Navigation failed (${message.command}).`, true);
        break;
      case 'refused':
        this.logLine(`The customer's page refused ${message.of}: ${message.reason}.`, true);
        break;
      case 'snapshotTooLarge': {
        const mb = (n: number) => (n / 1024 / 1024).toFixed(1) + ' MB';
        const text = `The customer’s page is too large to show here (${mb(message.bytes)}; the limit is ${mb(message.limit)}). It appears when the customer moves to a smaller page.`;
        this.ui.pageUrl.textContent = text;
        this.logLine(text, true);
        break;
      }
      default:
        break;
    }
  }

  private setWrite(on: boolean): void {
    this.write = on;
    this.ui.mode.textContent = on ? 'Control mode' : 'Pointer mode';
    this.ui.mode.classList.toggle('write', on);
    this.ui.section.classList.toggle('write', on);
    this.ui.requestWrite.textContent = on ? 'Release control' : 'Request control';
    // kept in the layout (invisible, inert) so that the view does not move when control changes
    this.ui.nav.classList.toggle('off', !on);
    this.ui.nav.inert = !on;
  }

  private ended(reason: EndReason, own: boolean): void {
    const text = own ? 'You left the session.' : reason === 'external' && this.stopping ? 'You stopped the session.' : (END_TEXT[reason] ?? END_TEXT.external);
    this.stopping = false;
    this.logLine(text);
    this.setWrite(false);
    this.session = null;
    this.view?.destroy();
    this.view = null;
    this.ui.section.hidden = true;
    this.ui.joinForm.hidden = false;
  }

  private fit(): void {
    const view = this.view?.viewport;
    if (!view || !view.width) return;
    const stage = this.ui.stage.getBoundingClientRect();
    this.scale = Math.min(stage.width / view.width, stage.height / view.height, 1);
    this.ui.frame.style.transform = `scale(${this.scale})`;
  }

  /** A point on the overlay in the customer's viewport coordinates. */
  private toCustomer(event: MouseEvent): { x: number; y: number } {
    const rect = this.ui.overlay.getBoundingClientRect();
    return { x: Math.round((event.clientX - rect.left) / this.scale), y: Math.round((event.clientY - rect.top) / this.scale) };
  }

  private wireOverlay(): void {
    const overlay = this.ui.overlay;
    let latest: MouseEvent | null = null;
    const sendPointer = () => {
      this.pendingPointer = null;
      this.lastPointer = performance.now();
      if (!latest) return;
      const { x, y } = this.toCustomer(latest);
      const hit = this.view?.hit(x, y);
      this.session?.send(hit ? { type: 'pointer', x, y, id: hit.id } : { type: 'pointer', x, y });
    };
    overlay.addEventListener('mousemove', (event) => {
      // throttled, and the last position always goes out
      latest = event;
      const since = performance.now() - this.lastPointer;
      if (since >= POINTER_EVERY_MS) sendPointer();
      else if (this.pendingPointer === null) this.pendingPointer = window.setTimeout(sendPointer, POINTER_EVERY_MS - since);
    });
    overlay.addEventListener('mouseleave', () => {
      if (this.pendingPointer !== null) window.clearTimeout(this.pendingPointer);
      this.pendingPointer = null;
      this.session?.send({ type: 'pointerLeave' });
    });
    overlay.addEventListener('click', (event) => {
      // the point first: focusing may scroll the console, which would move the overlay under the pointer
      const { x, y } = this.toCustomer(event);
      overlay.focus({ preventScroll: true });
      const hit = this.view?.hit(x, y);
      this.session?.send(hit ? { type: 'click', x, y, id: hit.id } : { type: 'click', x, y });
    });
    overlay.addEventListener(
      'wheel',
      (event) => {
        if (!this.write) return;
        event.preventDefault();
        const { x, y } = this.toCustomer(event);
        const hit = this.view?.hit(x, y);
        const id = hit ? this.view?.scrollableId(hit.element) : null;
        const dx = Math.round(event.deltaX / this.scale);
        const dy = Math.round(event.deltaY / this.scale);
        this.session?.send(id ? { type: 'scroll', dx, dy, id } : { type: 'scroll', dx, dy });
      },
      { passive: false },
    );
    overlay.addEventListener('keydown', (event) => {
      if (!this.write || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.length === 1 || ['Backspace', 'Delete', 'Enter'].includes(event.key)) {
        event.preventDefault();
        this.session?.send({ type: 'key', key: event.key });
      }
    });
  }

  private logLine(text: string, problem = false): void {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} — ${text}`;
    if (problem) item.className = 'problem';
    this.ui.log.prepend(item);
    while (this.ui.log.children.length > 50) this.ui.log.lastElementChild?.remove();
  }
}

if (typeof document !== 'undefined' && document.getElementById('join-form')) {
  new Console().start();
}
