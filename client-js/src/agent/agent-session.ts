/**
 * The agent's side of a session: join as slave, receive the page stream and the customer's answers,
 * send control messages; stop the session through a separate controller membership.
 */
import type { ConnectionState, Connection } from '../shared/bayeux';
import {
  Channels,
  Role,
  WireError,
  controlEnvelope,
  readControl,
  readStream,
  toEndReason,
  type ControlBody,
  type ControlMessage,
  type EndReason,
  type StreamEnvelope,
} from '../shared/wire';

export interface AgentSessionEvents {
  stream(envelope: StreamEnvelope): void;
  control(message: ControlMessage): void;
  /** The session ended for this agent: `own` when this console left, else the server's reason. */
  ended(reason: EndReason, own: boolean): void;
  state(state: ConnectionState): void;
  joined(user: { userId: string; role: number; name?: string }): void;
  /** A message we cannot read (e.g. another wire version): shown to the agent. */
  problem(message: string): void;
}

interface JoinReply {
  userToken: string;
  userId: number | string;
  users?: { userId: number | string; role: number; name?: string }[];
}

export class AgentSession {
  private userToken = '';
  private userId = '';
  private lastSeq = 0;
  private ended = false;
  private readonly unlisten: (() => void)[] = [];

  constructor(
    private readonly conn: Connection,
    private readonly openController: () => Connection,
    private readonly events: AgentSessionEvents,
  ) {}

  get id(): string {
    return this.userId;
  }

  async join(token: string, name: string): Promise<JoinReply> {
    this.unlisten.push(
      this.conn.onState((state, rehandshake) => {
        this.events.state(state);
        if (rehandshake && this.userToken && !this.ended) void this.rejoin(token, name);
      }),
      this.conn.listen(Channels.stream, (data) => this.onStream(data)),
      this.conn.listen(Channels.control, (data) => this.onControl(data)),
      this.conn.listen(Channels.joined, (data) => {
        const d = data as { userId: string | number; role: number; name?: string };
        if (d && String(d.userId) !== this.userId) this.events.joined({ userId: String(d.userId), role: d.role, name: d.name });
      }),
      this.conn.listen(Channels.deactivated, (_data, message) => {
        const ext = message.ext as { tandem?: { reason?: unknown } } | undefined;
        this.finish(toEndReason(ext?.tandem?.reason), false);
      }),
    );
    await this.conn.connect();
    const reply = await this.conn.call<JoinReply>(Channels.join, { sessionToken: token, role: Role.slave, name });
    this.userToken = reply.userToken;
    this.userId = String(reply.userId);
    return reply;
  }

  send(body: ControlBody): void {
    if (!this.userToken || this.ended) return;
    this.conn.call(Channels.control, { userToken: this.userToken, ...controlEnvelope(body) }).catch((error) => {
      this.events.problem('A control message was not delivered: ' + (error instanceof Error ? error.message : String(error)));
    });
  }

  async leave(): Promise<void> {
    if (this.userToken && !this.ended) await this.conn.call(Channels.exit, { userToken: this.userToken }).catch(() => undefined);
    this.finish('self', true);
  }

  /** Stops the session for everyone: joins as controller on its own connection and calls stop. */
  async stopSession(token: string): Promise<void> {
    const controller = this.openController();
    try {
      await controller.connect();
      const reply = await controller.call<JoinReply>(Channels.join, { sessionToken: token, role: Role.controller });
      await controller.call(Channels.stop, { userToken: reply.userToken });
    } finally {
      await controller.disconnect();
    }
  }

  private async rejoin(token: string, name: string): Promise<void> {
    try {
      const reply = await this.conn.call<JoinReply>(Channels.join, { sessionToken: token, role: Role.slave, name, userToken: this.userToken });
      this.userToken = reply.userToken;
      this.userId = String(reply.userId);
    } catch (error) {
      this.events.problem('Reconnected, but could not rejoin the session: ' + (error instanceof Error ? error.message : String(error)));
      this.finish('error', false);
    }
  }

  private onStream(data: unknown): void {
    let envelope: StreamEnvelope;
    try {
      envelope = readStream(data);
    } catch (error) {
      this.events.problem(error instanceof WireError ? error.message : 'An unreadable page update was ignored.');
      return;
    }
    const baseline = envelope.snapshot === true || envelope.replay === true;
    if (!baseline && this.lastSeq > 0 && envelope.seq !== this.lastSeq + 1 && envelope.seq > this.lastSeq) {
      // A gap: ask the customer's browser for a new baseline.
      this.send({ type: 'resync' });
    }
    this.lastSeq = envelope.seq;
    this.events.stream(envelope);
  }

  private onControl(data: unknown): void {
    try {
      const message = readControl(data);
      if (message.from !== undefined && String(message.from) === this.userId) return;
      this.events.control(message);
    } catch (error) {
      this.events.problem(error instanceof WireError ? error.message : 'An unreadable control message was ignored.');
    }
  }

  private finish(reason: EndReason, own: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.unlisten.forEach((fn) => fn());
    void this.conn.disconnect();
    this.events.ended(reason, own);
  }
}
