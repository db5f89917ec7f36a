/**
 * The capture adapter: rrweb's `record()` tuned for a live view, with our masking, batching its
 * events into stream envelopes. A batch that starts with rrweb's Meta event (page load, resync)
 * starts a new baseline and is flagged `snapshot`.
 */
import { record } from '@rrweb/record';
import { EventType, type WireEvent } from '../shared/wire';
import type { MaskPolicy } from './masking';
import { maskEventAttributes } from './attribute-masking';

/** Class of service elements: never shown to agents (rrweb blocks them, the console hides them). */
export const SERVICE_CLASS = 'gcb-service';

export interface RecorderOptions {
  policy: MaskPolicy;
  /** Called with each batch; `snapshot` when it starts a new baseline. */
  onBatch(events: WireEvent[], snapshot: boolean): void;
  /** At most one batch per this many ms; an event after a quiet period leaves at once (ms). */
  flushMs?: number;
  /** Record instrumented cross-origin iframes (they post their events to us). */
  crossOriginIframes?: boolean;
}

export interface Recorder {
  stop(): void;
  /** Takes a new full snapshot (an agent asked to resynchronise). */
  takeFullSnapshot(): void;
  /** The live node for an rrweb node id, for the agent's clicks and keys. */
  nodeById(id: number): Node | null;
  idOf(node: Node): number;
  /** Sends what is pending now. */
  flush(): void;
}

/** rrweb options for a live view; exported for the tests. */
export function recordOptions(policy: MaskPolicy) {
  return {
    blockClass: SERVICE_CLASS,
    // Keyed by tag name, so rrweb asks maskInputFn about every field of every type, hidden ones
    // included (rrweb's maskAllInputs leaves type=hidden out); the policy decides.
    maskInputOptions: { input: true, textarea: true, select: true } as Record<string, boolean>,
    maskInputFn: policy.maskInput,
    maskTextSelector: policy.maskSelector ?? undefined,
    maskTextFn: policy.maskText,
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
    slimDOMOptions: {
      script: true,
      comment: true,
      headFavicon: false,
      headWhitespace: true,
      headMetaSocial: true,
      headMetaRobots: true,
      headMetaHttpEquiv: true,
      headMetaAuthorship: true,
      headMetaDescKeywords: true,
      headMetaVerification: true,
    },
    // rrweb's defaults (50 ms samples flushed every 500 ms) suit recordings, not a live pointer.
    sampling: { mousemove: 15, mousemoveCallback: 30, scroll: 30, media: 400, input: 'all' as const, mouseInteraction: true },
    errorHandler: (error: unknown) => {
      console.warn('Co-browse: capture error', error);
      return true;
    },
  };
}

export function startRecorder(options: RecorderOptions): Recorder {
  const flushMs = options.flushMs ?? 30;
  let queue: WireEvent[] = [];
  let snapshot = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastFlush = -Infinity;

  const flush = (): void => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (queue.length === 0) return;
    lastFlush = performance.now();
    const events = queue;
    const isSnapshot = snapshot;
    queue = [];
    snapshot = false;
    options.onBatch(events, isSnapshot);
  };

  const nodeOf = (id: number): Node | null => record.mirror.getNode(id) as Node | null;

  const emit = (event: WireEvent): void => {
    // rrweb masks values and text, not attributes: a masked field's pre-filled value attribute
    // and masked elements' titles, labels and placeholders are masked here.
    maskEventAttributes(event, options.policy, nodeOf);
    if (event.type === EventType.Meta) {
      flush();
      snapshot = true;
    }
    queue.push(event);
    if (event.type === EventType.FullSnapshot) {
      flush();
    } else if (timer === null) {
      // Throttled, leading edge: what one task produced leaves together right after it, later
      // events wait until flushMs after the previous batch.
      timer = setTimeout(flush, Math.max(0, lastFlush + flushMs - performance.now()));
    }
  };

  const stopRecording = record({
    ...recordOptions(options.policy),
    recordCrossOriginIframes: options.crossOriginIframes === true,
    emit: (event) => emit(event as unknown as WireEvent),
  });

  return {
    stop() {
      flush();
      stopRecording?.();
    },
    takeFullSnapshot() {
      record.takeFullSnapshot(true);
    },
    nodeById(id) {
      return record.mirror.getNode(id) as Node | null;
    },
    idOf(node) {
      return record.mirror.getId(node as never);
    },
    flush,
  };
}
