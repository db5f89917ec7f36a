/**
 * The versioned wire envelope shared by the customer application and the agent console.
 * Everything Tandem adds beyond the seed's channels travels in these shapes; see docs/protocol.md.
 */

/** Version of the stream and control envelopes. A peer with another version is refused. */
export const WIRE_VERSION = 1;

/** Bayeux channels. Seed channels first, then Tandem's extensions. */
export const Channels = {
  create: '/service/session/create',
  join: '/service/session/join',
  exit: '/service/session/exit',
  stop: '/service/session/stop',
  joined: '/service/session/joined',
  activated: '/service/session/activated',
  deactivated: '/service/session/deactivated',
  page: '/service/session/page',
  rules: '/service/session/rules',
  stream: '/service/session/stream',
  control: '/service/session/control',
} as const;

/**
 * The largest `/service/session/stream` message the client sends, in UTF-8 bytes: the server's
 * 8 MiB (BayeuxOptions maxLargeMessageBytes, SessionOptions maxStreamChunkBytes) less room for
 * the Bayeux envelope (channel, id, clientId) and a message sent in the same frame.
 */
export const STREAM_MESSAGE_LIMIT_BYTES = 8 * 1024 * 1024 - 64 * 1024;

/** The UTF-8 length of a string, without building the bytes. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Roles of `/service/session/join`. */
export const Role = { master: 1, slave: 2, controller: 3 } as const;
export type RoleId = (typeof Role)[keyof typeof Role];

/** Reasons of `/service/session/deactivated` (in `ext.tandem.reason`) and of `onSessionEnded`. */
export type EndReason = 'self' | 'external' | 'timeout' | 'inactivityTimeout' | 'error';
const END_REASONS: readonly string[] = ['self', 'external', 'timeout', 'inactivityTimeout', 'error'];

export function toEndReason(value: unknown, fallback: EndReason = 'external'): EndReason {
  return typeof value === 'string' && END_REASONS.includes(value) ? (value as EndReason) : fallback;
}

/** An rrweb event as it travels: opaque to the server. */
export interface WireEvent {
  type: number;
  data: unknown;
  timestamp: number;
  [key: string]: unknown;
}

/** rrweb's event types that matter to us. */
export const EventType = { DomContentLoaded: 0, Load: 1, FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4, Custom: 5, Plugin: 6 } as const;

/**
 * One batch of the page stream. `snapshot: true` marks a batch that starts a new baseline
 * (Meta + FullSnapshot first): the server drops what it kept before and keeps from there.
 */
export interface StreamEnvelope {
  v: number;
  seq: number;
  events: WireEvent[];
  snapshot?: boolean;
  replay?: boolean;
}

export type NavigationCommand = 'back' | 'forward' | 'refresh' | 'url';

/** Control messages: agent → master, and the master's answers, master → agents. */
export type ControlBody =
  | { type: 'pointer'; x: number; y: number; id?: number }
  | { type: 'pointerLeave' }
  | { type: 'click'; x: number; y: number; id?: number }
  | { type: 'key'; key: string; id?: number }
  | { type: 'input'; id: number; value: string }
  | { type: 'scroll'; dx: number; dy: number; id?: number }
  | { type: 'navigate'; command: NavigationCommand; url?: string }
  | { type: 'requestWrite' }
  | { type: 'releaseWrite' }
  | { type: 'resync' }
  | { type: 'writeGranted' }
  | { type: 'writeDenied' }
  | { type: 'writeRevoked' }
  | { type: 'navigating'; command: NavigationCommand; url?: string }
  | { type: 'navigationFailed'; command: NavigationCommand }
  | { type: 'refused'; of: string; reason: string }
  /** The customer's page is too large to send (a snapshot above the server's limit): the agent's view stays empty until it fits. */
  | { type: 'snapshotTooLarge'; bytes: number; limit: number };

export type ControlType = ControlBody['type'];

export type ControlMessage = ControlBody & { v: number; from?: string };

/** A message whose version or shape we cannot read. The message says what to do. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

function requireObject(data: unknown, what: string): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new WireError(`Tandem ${what}: expected an object, got ${data === null ? 'null' : typeof data}`);
  }
  return data as Record<string, unknown>;
}

function requireVersion(obj: Record<string, unknown>, what: string): void {
  if (obj.v !== WIRE_VERSION) {
    throw new WireError(
      `Tandem ${what}: wire version ${JSON.stringify(obj.v)} is not supported by this client (it speaks version ${WIRE_VERSION}). ` +
        'The server and the co-browse scripts come from different releases: reload the page, or deploy matching versions.',
    );
  }
}

/** Reads a `/service/session/stream` notification, refusing an unknown version. */
export function readStream(data: unknown): StreamEnvelope {
  const obj = requireObject(data, 'stream message');
  requireVersion(obj, 'stream message');
  if (typeof obj.seq !== 'number' || !Array.isArray(obj.events)) {
    throw new WireError('Tandem stream message: "seq" (number) and "events" (array) are required');
  }
  for (const event of obj.events) {
    if (typeof event !== 'object' || event === null || typeof (event as WireEvent).type !== 'number') {
      throw new WireError('Tandem stream message: every event needs a numeric "type"');
    }
  }
  return obj as unknown as StreamEnvelope;
}

/** Reads a `/service/session/control` notification, refusing an unknown version. */
export function readControl(data: unknown): ControlMessage {
  const obj = requireObject(data, 'control message');
  requireVersion(obj, 'control message');
  if (typeof obj.type !== 'string') throw new WireError('Tandem control message: "type" (string) is required');
  return obj as unknown as ControlMessage;
}

export function streamEnvelope(seq: number, events: WireEvent[], snapshot: boolean): StreamEnvelope {
  return snapshot ? { v: WIRE_VERSION, seq, events, snapshot: true } : { v: WIRE_VERSION, seq, events };
}

export function controlEnvelope(body: ControlBody): ControlMessage {
  return { v: WIRE_VERSION, ...body };
}

/** Session rules from `/service/session/rules`. */
export interface RuleEntry {
  selector: string;
  url?: string;
}

export interface SessionRules {
  v: number;
  mask: RuleEntry[];
  readonly: RuleEntry[];
  /** Origins of cross-origin iframes allowed to join the stream through postMessage. */
  frameOrigins?: string[];
}

export const NO_RULES: SessionRules = { v: WIRE_VERSION, mask: [], readonly: [] };

/** Reads the rules reply; entries that are not usable are dropped rather than failing the session. */
export function readRules(data: unknown): SessionRules {
  const obj = requireObject(data, 'rules reply');
  requireVersion(obj, 'rules reply');
  const entries = (value: unknown): RuleEntry[] =>
    Array.isArray(value)
      ? value.filter(
          (e): e is RuleEntry =>
            typeof e === 'object' && e !== null && typeof e.selector === 'string' && (e.url === undefined || typeof e.url === 'string'),
        )
      : [];
  const frameOrigins = Array.isArray(obj.frameOrigins) ? obj.frameOrigins.filter((o): o is string => typeof o === 'string') : [];
  return { v: WIRE_VERSION, mask: entries(obj.mask), readonly: entries(obj.readonly), frameOrigins };
}
