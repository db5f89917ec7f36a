/**
 * The customer's (master's) side of a co-browse session in the top context: start, resume after a
 * page load, stream the page, answer the agent's control messages, and end.
 */
import type { Connection } from '../shared/bayeux';
import {
  Channels,
  NO_RULES,
  Role,
  WireError,
  controlEnvelope,
  readControl,
  readRules,
  streamEnvelope,
  toEndReason,
  type ControlBody,
  type EndReason,
  type SessionRules,
  type WireEvent,
  STREAM_MESSAGE_LIMIT_BYTES,
  utf8Length,
} from '../shared/wire';
import type { ApiSignals, SessionObject } from './cobrowse-api';
import type { CobrowseConfig } from './config';
import { HoverSync } from './css-hover';
import type { MediaBridge } from './media';
import { FrameBridge } from './frames';
import { MaskPolicy, MaskTracker, type PasswordMemory } from './masking';
import { startRecorder, type Recorder } from './recorder';
import { RemoteControl } from './remote-control';
import type { ServerLocation } from '../shared/server-url';
import type { SessionStore, StoredSession } from './session-store';
import { AgentPointer } from './ui/agent-pointer';

interface JoinReply {
  userToken: string;
  userId: number | string;
  users?: { userId: number | string; role: number; name?: string }[];
  sessionHistoryId?: string;
}

interface JoinedNotification {
  userId: number | string;
  role: number;
  name?: string;
}

export interface SessionDeps {
  win: Window & typeof globalThis;
  doc: Document;
  config: CobrowseConfig;
  server: ServerLocation;
  signals: ApiSignals;
  store: SessionStore;
  passwords: PasswordMemory;
  /** The primary media (External Media Adapter, by default the built-in chat) that carries the token to the agent. */
  media: MediaBridge;
  /** A new Bayeux connection to the server. */
  connect(): Connection;
  isBrowserSupported(): boolean;
  /** The built-in UI's consent question; null without built-in UI. */
  consent(): (() => Promise<boolean>) | null;
  onWriteMode(on: boolean): void;
}

type State = 'idle' | 'starting' | 'active' | 'ending';

/** Batches in flight beyond which increments are dropped and a new snapshot follows. */
const MAX_IN_FLIGHT = 64;
const TOUCH_EVERY_MS = 5000;

export class CustomerSession {
  private state: State = 'idle';
  private conn: Connection | null = null;
  private userToken = '';
  private userId = '';
  private session: SessionObject = { token: '', agents: [] };
  private cleanups: (() => void)[] = [];
  private recorder: Recorder | null = null;
  private remote: RemoteControl | null = null;
  private seq = 0;
  private inFlight = 0;
  private snapshotsInFlight = 0;
  private resyncWhenDrained = false;
  /** The last snapshot was too large to send: increments wait for one that fits. */
  private baselineMissing = false;

  constructor(private readonly deps: SessionDeps) {}

  /** On page load: resume a stored session, or report that there is none. */
  async initialize(): Promise<void> {
    const { store, signals } = this.deps;
    const stored = store.load();
    if (stored.kind === 'none') {
      signals.initialized.dispatch(null);
      return;
    }
    if (stored.kind === 'expired') {
      store.clear();
      signals.initialized.dispatch(null);
      signals.sessionEnded.dispatch({ reason: 'timeout' });
      return;
    }
    try {
      await this.resume(stored.session);
      signals.initialized.dispatch(this.session);
    } catch (error) {
      console.warn('Co-browse: the session could not be resumed', error);
      const reason: EndReason = error instanceof WireError ? 'error' : 'timeout';
      this.state = 'idle';
      await this.teardown();
      store.clear();
      signals.initialized.dispatch(null);
      signals.sessionEnded.dispatch({ reason });
    }
  }

  startSession(): void {
    if (!this.deps.isBrowserSupported()) throw new Error('Co-browse is not supported in this browser');
    if (this.state !== 'idle') {
      console.warn('Co-browse: a session is already ' + (this.state === 'active' ? 'in progress' : this.state));
      return;
    }
    void this.start();
  }

  exitSession(): void {
    if (this.state !== 'active' && this.state !== 'starting') return;
    const conn = this.conn;
    const userToken = this.userToken;
    this.state = 'ending';
    const exit = conn && userToken ? conn.call(Channels.exit, { userToken }).catch(() => undefined) : Promise.resolve();
    void exit.then(() => this.end('self'));
  }

  /** Customer revokes write mode (toolbar). */
  revokeWriteMode(): void {
    this.remote?.revoke();
  }

  private async start(): Promise<void> {
    this.state = 'starting';
    const { signals } = this.deps;
    signals.sessionEnded.forget();
    try {
      const conn = await this.open();
      const created = await conn.call<{ sessionToken: string }>(Channels.create, {});
      if (typeof created?.sessionToken !== 'string') throw new Error('the server answered create without a sessionToken');
      if (this.state !== 'starting') return; // exited meanwhile
      const joined = await conn.call<JoinReply>(Channels.join, { sessionToken: created.sessionToken, role: Role.master });
      await this.joined(created.sessionToken, joined, false);
      signals.sessionStarted.dispatch(this.session);
      void this.deps.media.sendToken(created.sessionToken);
    } catch (error) {
      console.error('Co-browse: the session could not start', error);
      await this.end('error');
    }
  }

  private async resume(stored: StoredSession): Promise<void> {
    this.state = 'starting';
    const conn = await this.open();
    const joined = await conn.call<JoinReply>(Channels.join, { sessionToken: stored.token, role: Role.master, userToken: stored.userToken });
    await this.joined(stored.token, joined, true, stored.write === true);
  }

  private async open(): Promise<Connection> {
    const conn = this.deps.connect();
    this.conn = conn;
    this.cleanups.push(
      conn.listen(Channels.joined, (data) => this.onJoinedNotification(data as JoinedNotification)),
      conn.listen(Channels.deactivated, (_data, message) => {
        const ext = message.ext as { tandem?: { reason?: unknown } } | undefined;
        void this.end(toEndReason(ext?.tandem?.reason));
      }),
      conn.listen(Channels.control, (data) => this.onControl(data)),
      conn.onState((state, rehandshake) => {
        if (rehandshake && this.state === 'active') void this.rejoin();
        if (state === 'disconnected' && this.state === 'active') console.warn('Co-browse: disconnected from the server');
      }),
    );
    await conn.connect();
    return conn;
  }

  /** After the server forgot our Bayeux client (a new handshake): join again with our userToken. */
  private async rejoin(): Promise<void> {
    try {
      await this.conn!.call<JoinReply>(Channels.join, { sessionToken: this.session.token, role: Role.master, userToken: this.userToken });
      this.recorder?.takeFullSnapshot();
    } catch (error) {
      console.warn('Co-browse: the session could not be rejoined', error);
      await this.end('timeout');
    }
  }

  private async joined(token: string, reply: JoinReply, resumed: boolean, writeMode = false): Promise<void> {
    const { store, win, doc, config, server, passwords, signals } = this.deps;
    if (typeof reply?.userToken !== 'string') throw new Error('the server answered join without a userToken');
    this.userToken = reply.userToken;
    this.userId = String(reply.userId);
    // A new object per session: callbacks keep the one they were given.
    this.session = {
      token,
      agents: (reply.users ?? []).filter((u) => u.role === Role.slave && String(u.userId) !== this.userId).map(() => ({})),
    };
    store.save(token, this.userToken, writeMode);
    this.state = 'active';

    const touch = () => store.touch();
    const heartbeat = win.setInterval(touch, TOUCH_EVERY_MS);
    win.addEventListener('pagehide', touch);
    this.cleanups.push(() => {
      win.clearInterval(heartbeat);
      win.removeEventListener('pagehide', touch);
    });

    const conn = this.conn!;
    conn.call(Channels.page, { userToken: this.userToken, url: win.location.href }).catch((e) => console.warn('Co-browse: page report failed', e));
    let rules: SessionRules = NO_RULES;
    try {
      rules = readRules(await conn.call(Channels.rules, { userToken: this.userToken }));
    } catch (error) {
      if (error instanceof WireError) throw error;
      console.warn('Co-browse: no masking rules from the server; only the built-in ones apply', error);
    }
    if (this.state !== 'active') return;

    const policy = new MaskPolicy(rules, win.location.href, doc, passwords);
    const tracker = new MaskTracker(doc, policy, (element) => signals.maskedElement.dispatch(element));
    tracker.start();
    this.cleanups.push(() => tracker.stop());

    let hover: HoverSync | null = null;
    if (config.css.server || config.css.browser) {
      const userToken = this.userToken;
      hover = new HoverSync(doc, config.css, (sheetUrl) => server.cssProxy(sheetUrl, userToken));
      const started = hover.start();
      this.cleanups.push(() => hover!.stop());
      // Let the hover copies land before the first snapshot, but never wait long for them.
      await Promise.race([started, new Promise((resolve) => win.setTimeout(resolve, 1500))]);
      if (this.state !== 'active') return;
    }

    const frames = new FrameBridge(win, rules);
    frames.start();
    this.cleanups.push(() => frames.stop());

    this.seq = 0;
    const recorder = startRecorder({
      policy,
      onBatch: (events, snapshot) => this.sendBatch(events, snapshot),
      crossOriginIframes: (rules.frameOrigins ?? []).length > 0,
    });
    this.recorder = recorder;
    this.cleanups.push(() => {
      recorder.stop();
      this.recorder = null;
    });

    const pointer = new AgentPointer(doc);
    this.cleanups.push(() => pointer.destroy());
    const remote = new RemoteControl({
      win,
      doc,
      policy,
      recorder,
      hover,
      pointer,
      signals,
      send: (body) => this.sendControl(body),
      consent: this.deps.consent(),
      onWriteMode: (on) => {
        store.touch(on);
        this.deps.onWriteMode(on);
      },
      beforeNavigate: () => {
        recorder.flush();
        store.touch();
      },
    });
    this.remote = remote;
    this.cleanups.push(() => {
      remote.stop();
      this.remote = null;
    });
    if (resumed && writeMode) {
      remote.restoreWriteMode(true);
      this.sendControl({ type: 'writeGranted' });
    }
  }

  private onJoinedNotification(data: JoinedNotification): void {
    if (this.state !== 'active' || !data || data.role !== Role.slave || String(data.userId) === this.userId) return;
    const agent: Record<string, never> = {};
    this.session.agents.push(agent);
    this.deps.signals.agentJoined.dispatch(agent, this.session);
  }

  private onControl(data: unknown): void {
    if (this.state !== 'active' || !this.remote) return;
    let message;
    try {
      message = readControl(data);
    } catch (error) {
      console.warn('Co-browse: control message refused:', error instanceof Error ? error.message : error);
      return;
    }
    if (message.from !== undefined && String(message.from) === this.userId) return;
    // A snapshot on its way reaches every agent: a second one would only cost the page another
    // freeze (the server asks when an agent joins before the first one arrived).
    if (message.type === 'resync' && this.snapshotsInFlight > 0) return;
    this.remote.handle(message);
  }

  private sendBatch(events: WireEvent[], snapshot: boolean): void {
    const conn = this.conn;
    if (!conn || this.state !== 'active') return;
    if (!snapshot && this.baselineMissing) return; // the agents have no page to apply them to
    if (!snapshot && (this.resyncWhenDrained || this.inFlight >= MAX_IN_FLIGHT)) {
      // The network is behind: drop increments and send a fresh snapshot once it caught up.
      this.resyncWhenDrained = true;
      return;
    }
    const data = { userToken: this.userToken, ...streamEnvelope(this.seq + 1, events, snapshot) };
    if (snapshot) {
      this.resyncWhenDrained = false;
      const json = JSON.stringify(data);
      // A UTF-16 unit is at most 3 UTF-8 bytes: count exactly only when it may matter.
      const bytes = json.length * 3 <= STREAM_MESSAGE_LIMIT_BYTES ? json.length : utf8Length(json);
      if (bytes > STREAM_MESSAGE_LIMIT_BYTES) {
        this.baselineMissing = true;
        console.warn(`Co-browse: this page is too large to share (a snapshot of ${bytes} bytes; the server takes at most ${STREAM_MESSAGE_LIMIT_BYTES})`);
        this.sendControl({ type: 'snapshotTooLarge', bytes, limit: STREAM_MESSAGE_LIMIT_BYTES });
        return;
      }
      this.baselineMissing = false;
      this.snapshotsInFlight++;
    }
    this.seq++;
    this.inFlight++;
    conn
      .call(Channels.stream, data)
      .catch((error) => {
        // 410: the session ended and this batch crossed the deactivated notification, which ends it here.
        if (endedMeanwhile(error)) console.debug('Co-browse: a page update crossed the end of the session');
        else console.warn('Co-browse: a page update was not delivered', error);
      })
      .finally(() => {
        this.inFlight--;
        if (snapshot) this.snapshotsInFlight--;
        if (this.inFlight === 0 && this.resyncWhenDrained && this.state === 'active') this.recorder?.takeFullSnapshot();
      });
  }

  private sendControl(body: ControlBody): void {
    if (!this.conn || this.state !== 'active') return;
    this.conn.call(Channels.control, { userToken: this.userToken, ...controlEnvelope(body) }).catch((e) => {
      if (!endedMeanwhile(e)) console.warn('Co-browse: control answer failed', e);
    });
  }

  private async teardown(): Promise<void> {
    const cleanups = this.cleanups.reverse();
    this.cleanups = [];
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch (error) {
        console.warn('Co-browse: cleanup failed', error);
      }
    }
    const conn = this.conn;
    this.conn = null;
    if (conn) await conn.disconnect().catch(() => undefined);
  }

  /** Ends the session once, whoever ended it, and tells the page why. */
  private async end(reason: EndReason): Promise<void> {
    if (this.state === 'idle') return;
    this.state = 'idle';
    this.deps.store.clear();
    await this.teardown();
    this.userToken = '';
    const { signals } = this.deps;
    signals.sessionStarted.forget();
    signals.agentJoined.forget();
    signals.agentNavigated.forget();
    signals.navigationFailed.forget();
    signals.sessionEnded.dispatch({ reason });
  }
}

/** Whether a call failed because the session had ended on the server (Bayeux error 410). */
function endedMeanwhile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 410;
}
