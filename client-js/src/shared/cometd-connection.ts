/**
 * A thin adapter over a CometD JavaScript client instance: promises for remote calls,
 * unsubscribe functions for listeners, and one connection-state callback. It imports CometD's
 * types only: the instance comes from `bayeux.ts` (the bundled `cometd` package) or, in
 * chatAPI-noDeps.min.js, from the page's global `org.cometd`.
 */
import type { CometD, Message } from 'cometd';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface BayeuxOptions {
  /** Absolute URL of the Bayeux endpoint, e.g. https://cobrowse.example.com/cobrowse/cometd */
  url: string;
  /** Forces long-polling (the seed's `disableWebSockets`). */
  disableWebSockets?: boolean;
  /** Remote-call timeout in ms. */
  callTimeout?: number;
  /** Largest Bayeux message sent (chars); full page snapshots are big. The server must accept it. */
  maxMessageSize?: number;
  /**
   * CometD's timers in a Worker, safe from background-tab throttling. It needs `worker-src blob:`:
   * on customer sites whose CSP forbids it CometD would stall, so the customer side leaves it off.
   */
  useWorkerScheduler?: boolean;
  /** CometD's own logging; "debug" shows every message. */
  logLevel?: 'warn' | 'info' | 'debug';
}

/**
 * The largest message the server accepts: 8 MiB on `/service/session/stream` (BayeuxOptions
 * maxLargeMessageBytes, SessionOptions maxStreamChunkBytes; docs/protocol.md, Limits), 1 MiB on
 * the other channels. CometD's default (8 KiB) is far below a page snapshot. CometD counts
 * characters, the server UTF-8 bytes: the page stream checks its own bytes before sending
 * (`STREAM_MESSAGE_LIMIT_BYTES`).
 */
export const MAX_MESSAGE_SIZE = 8 * 1024 * 1024;

/** A failed remote call; `code` and `reason` come from Bayeux's "code::message" error. */
export class BayeuxCallError extends Error {
  constructor(
    readonly channel: string,
    readonly code: number,
    readonly reason: string,
  ) {
    super(`${channel} failed: ${code ? code + ' ' : ''}${reason}`);
    this.name = 'BayeuxCallError';
  }
}

export function parseBayeuxError(channel: string, error: unknown): BayeuxCallError {
  const text = typeof error === 'string' ? error : 'no reason given';
  const match = /^(\d+):[^:]*:(.*)$/s.exec(text);
  return match ? new BayeuxCallError(channel, Number(match[1]), match[2] || text) : new BayeuxCallError(channel, 0, text);
}

/** What the session logic needs from a Bayeux connection; tests give a fake. */
export interface Connection {
  connect(): Promise<void>;
  call<T = unknown>(channel: string, data: object): Promise<T>;
  listen(channel: string, listener: (data: unknown, message: Message) => void): () => void;
  onState(listener: (state: ConnectionState, rehandshake: boolean) => void): () => void;
  disconnect(): Promise<void>;
}

export class CometdConnection implements Connection {
  private readonly stateListeners = new Set<(state: ConnectionState, rehandshake: boolean) => void>();
  private handshakes = 0;
  private state: ConnectionState = 'disconnected';
  private connected = false;

  constructor(
    private readonly cometd: CometD,
    private readonly options: BayeuxOptions,
  ) {
    if (options.disableWebSockets) this.cometd.unregisterTransport('websocket');
    this.cometd.configure({
      url: options.url,
      logLevel: options.logLevel ?? 'warn',
      maxNetworkDelay: 15000,
      useWorkerScheduler: options.useWorkerScheduler ?? false,
      maxSendBayeuxMessageSize: options.maxMessageSize ?? MAX_MESSAGE_SIZE,
    });
    this.cometd.addListener('/meta/handshake', (m) => {
      if (m.successful) {
        this.handshakes++;
        this.setState('connected', this.handshakes > 1);
      } else {
        this.setState('reconnecting', false);
      }
    });
    this.cometd.addListener('/meta/connect', (m) => {
      if (this.cometd.isDisconnected()) return;
      const wasConnected = this.connected;
      this.connected = m.successful === true;
      if (this.connected && !wasConnected) this.setState('connected', false);
      if (!this.connected && wasConnected) this.setState('reconnecting', false);
    });
    this.cometd.addListener('/meta/disconnect', () => this.setState('disconnected', false));
  }

  /** Name of the transport in use ("websocket" or "long-polling"), once connected. */
  transportType(): string | null {
    return this.cometd.getTransport()?.type ?? null;
  }

  connect(): Promise<void> {
    this.setState('connecting', false);
    return new Promise((resolve, reject) => {
      this.cometd.handshake((reply) => {
        if (reply.successful) resolve();
        else {
          reject(parseBayeuxError('/meta/handshake', reply.error ?? 'the server at ' + this.options.url + ' could not be reached'));
          // CometD keeps retrying the handshake on its own; a failed first one ends our attempt.
          this.cometd.disconnect();
        }
      });
    });
  }

  call<T = unknown>(channel: string, data: object): Promise<T> {
    // CometD's remoteCall() prefixes "/service" itself.
    const target = channel.startsWith('/service/') ? channel.substring('/service'.length) : channel;
    return new Promise<T>((resolve, reject) => {
      try {
        this.cometd.remoteCall(target, data, this.options.callTimeout ?? 15000, (reply) => {
          if (reply.successful) resolve((reply.data ?? {}) as T);
          else reject(parseBayeuxError(channel, reply.error));
        });
      } catch (error) {
        reject(new BayeuxCallError(channel, 0, error instanceof Error ? error.message : String(error)));
      }
    });
  }

  listen(channel: string, listener: (data: unknown, message: Message) => void): () => void {
    const handle = this.cometd.addListener(channel, (message) => listener(message.data, message));
    return () => this.cometd.removeListener(handle);
  }

  onState(listener: (state: ConnectionState, rehandshake: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  disconnect(): Promise<void> {
    if (this.cometd.isDisconnected()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 2000);
      this.cometd.disconnect(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private setState(state: ConnectionState, rehandshake: boolean): void {
    if (state === this.state && !rehandshake) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state, rehandshake);
  }
}
