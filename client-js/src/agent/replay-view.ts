/**
 * The replay adapter: rrweb's Replayer in live mode, inside a sandboxed iframe (rrweb gives it
 * `sandbox="allow-same-origin"`, never `allow-scripts` since canvas replay stays off), fed with
 * sanitised events. A Meta event (new page or resync) starts a fresh Replayer, which also keeps the
 * replayer's event list from growing without bound over a long session.
 */
import { Replayer } from '@rrweb/replay';
import { sanitiseEvent } from '../shared/sanitize';
import { EventType, type WireEvent } from '../shared/wire';

/** Live buffer: how far behind real time events are played (ms). */
const LIVE_BUFFER_MS = 20;
/** Past this many events since the last baseline, ask the customer for a new one. */
const COMPACT_AFTER = 20000;

export interface ReplayViewOptions {
  root: HTMLElement;
  /** The customer's viewport size changed. */
  onResize(width: number, height: number): void;
  /** The event list grew long: ask the customer's browser for a fresh baseline. */
  onCompactionNeeded(): void;
}

type ReplayEvent = Parameters<Replayer['addEvent']>[0];

export class ReplayView {
  private replayer: Replayer | null = null;
  private lastTimestamp = 0;
  private eventsSinceBaseline = 0;
  private compactionRequested = false;
  private width = 0;
  private height = 0;

  constructor(private readonly options: ReplayViewOptions) {}

  get hasContent(): boolean {
    return this.replayer !== null;
  }

  get viewport(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  /** Adds one batch as it arrived. Events before the first Meta are dropped until a baseline exists. */
  addBatch(events: WireEvent[]): void {
    if (events.length === 0) return;
    const now = Date.now();
    const offset = now - events[events.length - 1].timestamp;
    for (const raw of events) {
      const event = sanitiseEvent(raw);
      if (!event) continue;
      if (event.type === EventType.Meta) this.reset();
      if (!this.replayer) continue;
      // The customer's clock is not ours: play the batch relative to its arrival.
      const timestamp = Math.max(event.timestamp + offset, this.lastTimestamp);
      this.lastTimestamp = timestamp;
      if (event.type === EventType.Meta) {
        const data = event.data as { width?: number; height?: number };
        this.resized(data.width, data.height);
      }
      this.replayer.addEvent({ ...event, timestamp } as unknown as ReplayEvent);
      if (++this.eventsSinceBaseline > COMPACT_AFTER && !this.compactionRequested) {
        this.compactionRequested = true;
        this.options.onCompactionNeeded();
      }
    }
  }

  /** The replayed document, for hit-testing the agent's pointer. */
  document(): Document | null {
    return this.replayer?.iframe.contentDocument ?? null;
  }

  /** The element under a point of the customer's viewport, and its rrweb id. */
  hit(x: number, y: number): { element: Element; id: number } | null {
    const doc = this.document();
    const element = doc?.elementFromPoint(x, y) ?? null;
    if (!element || !this.replayer) return null;
    const id = this.replayer.getMirror().getId(element as never);
    return id > 0 ? { element, id } : null;
  }

  /** rrweb id of the nearest scrollable ancestor of a replayed element (null: the page itself). */
  scrollableId(element: Element): number | null {
    const win = element.ownerDocument.defaultView;
    for (let el: Element | null = element; el && el !== element.ownerDocument.documentElement; el = el.parentElement) {
      const style = win?.getComputedStyle(el);
      if (style && /(auto|scroll)/.test(style.overflowY + style.overflowX) && (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth)) {
        return this.replayer?.getMirror().getId(el as never) ?? null;
      }
    }
    return null;
  }

  destroy(): void {
    if (this.replayer) {
      try {
        this.replayer.destroy();
      } catch {
        /* already gone */
      }
      this.replayer = null;
    }
    this.options.root.replaceChildren();
  }

  private reset(): void {
    this.destroy();
    this.eventsSinceBaseline = 0;
    this.compactionRequested = false;
    this.lastTimestamp = 0;
    const replayer = new Replayer([], {
      root: this.options.root,
      liveMode: true,
      blockClass: 'gcb-service',
      insertStyleRules: ['.gcb-service{display:none!important}'],
      mouseTail: false,
      showWarning: true,
      UNSAFE_replayCanvas: false,
      triggerFocus: false,
      pauseAnimation: false,
      // Live mode applies events at once; rrweb's virtual DOM is for fast-forwarding recordings.
      useVirtualDom: false,
    });
    instantScroll(replayer);
    replayer.on('resize', (payload) => {
      const size = payload as { width?: number; height?: number };
      this.resized(size.width, size.height);
    });
    replayer.startLive(Date.now() - LIVE_BUFFER_MS);
    this.replayer = replayer;
  }

  private resized(width: unknown, height: unknown): void {
    if (typeof width !== 'number' || typeof height !== 'number' || width <= 0 || height <= 0) return;
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.options.onResize(width, height);
  }
}

/**
 * Makes the replay apply the customer's scroll positions at once. rrweb animates them (`behavior:
 * 'smooth'`) unless fast-forwarding, which in a live view leaves the agent a few hundred ms behind
 * the customer at every scroll, and shows the agent a page that moves under a click it already
 * aimed. rrweb passes `isSync` to its scroll method only to choose the behaviour.
 */
function instantScroll(replayer: Replayer): void {
  const internals = replayer as unknown as { applyScroll?: (data: unknown, isSync: boolean) => void };
  const apply = internals.applyScroll;
  if (typeof apply !== 'function') return; // another rrweb version: its default scroll stays
  internals.applyScroll = (data) => apply.call(replayer, data, true);
}
