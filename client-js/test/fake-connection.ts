import type { Message } from 'cometd';
import type { Connection, ConnectionState } from '../src/shared/bayeux';

type Handler = (data: Record<string, unknown>) => unknown;

/** A scripted Bayeux connection: replies come from handlers, notifications are pushed by the test. */
export class FakeConnection implements Connection {
  readonly calls: { channel: string; data: Record<string, unknown> }[] = [];
  private readonly listeners = new Map<string, Set<(data: unknown, message: Message) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState, rehandshake: boolean) => void>();
  disconnected = false;

  constructor(private readonly handlers: Record<string, Handler>) {}

  async connect(): Promise<void> {
    this.stateListeners.forEach((l) => l('connected', false));
  }

  async call<T>(channel: string, data: object): Promise<T> {
    this.calls.push({ channel, data: data as Record<string, unknown> });
    const handler = this.handlers[channel];
    if (!handler) return {} as T;
    return (await handler(data as Record<string, unknown>)) as T;
  }

  listen(channel: string, listener: (data: unknown, message: Message) => void): () => void {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return () => this.listeners.get(channel)!.delete(listener);
  }

  onState(listener: (state: ConnectionState, rehandshake: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
  }

  /** The server sends a notification. */
  push(channel: string, data: unknown, ext?: object): void {
    this.listeners.get(channel)?.forEach((l) => l(data, { channel, data, ext } as Message));
  }

  /** The connection's state changes, e.g. a new handshake (`rehandshake`). */
  emitState(state: ConnectionState, rehandshake = false): void {
    this.stateListeners.forEach((l) => l(state, rehandshake));
  }

  callsTo(channel: string) {
    return this.calls.filter((c) => c.channel === channel);
  }
}
