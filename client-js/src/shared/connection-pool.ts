/**
 * One Bayeux connection shared by the parts of a page (the co-browse session and the chat; in the
 * agent console the chat desk and the co-browse view): one WebSocket instead of several, and no
 * second long-polling client that the server would slow down to one poll every 2 s
 * (`multiple-clients`). Each part takes a lease, a `Connection` of its own: its listeners go with
 * it, and the shared connection is disconnected when the last connected lease is.
 */
import type { Message } from 'cometd';
import type { Connection, ConnectionState } from './cometd-connection';

export class ConnectionPool {
  private underlying: Connection | null = null;
  private connecting: Promise<void> | null = null;
  private connected = false;
  private holders = 0;

  constructor(private readonly create: () => Connection) {}

  /** A connection of its own for one part of the page. */
  lease(): Connection {
    return new Lease(this);
  }

  /** The shared connection, made (not connected) on first use. */
  current(): Connection {
    if (!this.underlying) {
      const conn = this.create();
      this.underlying = conn;
      conn.onState((state) => {
        if (this.underlying === conn) this.connected = state === 'connected';
      });
    }
    return this.underlying;
  }

  /** Connects the shared connection once; resolves with whether it was connected already. */
  async acquire(): Promise<boolean> {
    this.holders++;
    const conn = this.current();
    const already = this.connecting !== null && this.connected;
    if (!this.connecting) {
      this.connecting = conn.connect().catch((error) => {
        if (this.underlying === conn) {
          this.underlying = null;
          this.connecting = null;
          this.connected = false;
        }
        throw error;
      });
    }
    try {
      await this.connecting;
    } catch (error) {
      this.holders--;
      throw error;
    }
    return already;
  }

  async release(): Promise<void> {
    this.holders = Math.max(0, this.holders - 1);
    if (this.holders > 0) return;
    const conn = this.underlying;
    this.underlying = null;
    this.connecting = null;
    this.connected = false;
    if (conn) await conn.disconnect();
  }
}

type Registration =
  | { kind: 'listen'; channel: string; listener: (data: unknown, message: Message) => void; off: () => void }
  | { kind: 'state'; listener: (state: ConnectionState, rehandshake: boolean) => void; off: () => void };

class Lease implements Connection {
  private readonly registrations = new Set<Registration>();
  /** The shared connection the registrations are on (it is replaced once every lease let go). */
  private on: Connection | null = null;
  private held = false;
  private gone = false;

  constructor(private readonly pool: ConnectionPool) {}

  async connect(): Promise<void> {
    if (this.gone) throw new Error('This connection was disconnected; take a new one');
    if (this.held) return;
    this.attach();
    const already = await this.pool.acquire();
    this.held = true;
    // Whoever connected first heard "connected"; tell this part too.
    if (already) for (const r of Array.from(this.registrations)) if (r.kind === 'state') r.listener('connected', false);
  }

  call<T = unknown>(channel: string, data: object): Promise<T> {
    if (this.gone) return Promise.reject(new Error('This connection was disconnected; take a new one'));
    return this.pool.current().call<T>(channel, data);
  }

  listen(channel: string, listener: (data: unknown, message: Message) => void): () => void {
    return this.register({ kind: 'listen', channel, listener, off: () => undefined });
  }

  onState(listener: (state: ConnectionState, rehandshake: boolean) => void): () => void {
    return this.register({ kind: 'state', listener, off: () => undefined });
  }

  async disconnect(): Promise<void> {
    if (this.gone) return;
    this.gone = true;
    for (const r of this.registrations) r.off();
    this.registrations.clear();
    if (this.held) {
      this.held = false;
      await this.pool.release();
    }
  }

  private register(r: Registration): () => void {
    if (this.gone) return () => undefined;
    this.attach();
    this.add(r, this.on!);
    this.registrations.add(r);
    return () => {
      r.off();
      this.registrations.delete(r);
    };
  }

  /** Puts the registrations on the pool's current connection (again, if it was replaced). */
  private attach(): void {
    const current = this.pool.current();
    if (this.on === current) return;
    this.on = current;
    for (const r of this.registrations) this.add(r, current);
  }

  private add(r: Registration, conn: Connection): void {
    r.off = r.kind === 'listen' ? conn.listen(r.channel, r.listener) : conn.onState(r.listener);
  }
}
