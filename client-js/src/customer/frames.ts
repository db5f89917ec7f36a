/**
 * Instrumented iframes. Same-origin iframes are captured by the top's recorder directly; an
 * instrumented cross-origin iframe records itself and passes its events to the top through rrweb's
 * postMessage channel. Both directions check origins strictly:
 * - the top answers a frame's hello, and lets rrweb accept a frame's events, only for origins the
 *   server's rules list in `frameOrigins` (or the top's own origin);
 * - a frame starts only on a start message from its direct parent, from the origin of the top page.
 */
import { readRules, type SessionRules } from '../shared/wire';
import { MaskPolicy, MaskTracker, type PasswordMemory } from './masking';
import type { ApiSignals } from './cobrowse-api';
import { startRecorder, type Recorder } from './recorder';

interface FrameMessage {
  gcb: 'hello' | 'start' | 'stop' | 'ping';
  rules?: SessionRules;
}

function isFrameMessage(data: unknown): data is FrameMessage {
  return typeof data === 'object' && data !== null && typeof (data as FrameMessage).gcb === 'string';
}

/** The top context's side: serves rules to instrumented frames and filters their rrweb messages. */
export class FrameBridge {
  private readonly allowed: Set<string>;
  private readonly frames = new Map<MessageEventSource, string>();

  constructor(
    private readonly win: Window,
    private readonly rules: SessionRules,
  ) {
    this.allowed = new Set([win.location.origin, ...(rules.frameOrigins ?? [])]);
  }

  start(): void {
    // Capture phase on window, registered before rrweb's own listener: messages from origins we
    // do not allow never reach it.
    this.win.addEventListener('message', this.onMessage, true);
    this.win.document.querySelectorAll('iframe').forEach((frame) => {
      try {
        frame.contentWindow?.postMessage({ gcb: 'ping' }, '*'); // carries nothing; the frame answers with hello
      } catch {
        /* detached */
      }
    });
  }

  stop(): void {
    this.win.removeEventListener('message', this.onMessage, true);
    for (const [source, origin] of this.frames) {
      try {
        (source as Window).postMessage({ gcb: 'stop' }, origin);
      } catch {
        /* gone */
      }
    }
    this.frames.clear();
  }

  private readonly onMessage = (event: MessageEvent): void => {
    const data = event.data as { type?: unknown } | null;
    const fromFrame = event.source !== null && event.source !== this.win;
    if (!fromFrame) return;
    if (!this.allowed.has(event.origin)) {
      if (data && (data.type === 'rrweb' || isFrameMessage(data))) event.stopImmediatePropagation();
      return;
    }
    if (isFrameMessage(data) && data.gcb === 'hello' && event.source) {
      this.frames.set(event.source, event.origin);
      (event.source as Window).postMessage({ gcb: 'start', rules: this.rules }, event.origin);
    }
  };
}

/** The expected origin of our parent: the top page's origin as the browser reports it. */
function parentOrigin(win: Window): string | null {
  const ancestors = (win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  try {
    return win.document.referrer ? new URL(win.document.referrer).origin : null;
  } catch {
    return null;
  }
}

function sameOriginParent(win: Window): boolean {
  try {
    return win.parent.location.origin === win.location.origin;
  } catch {
    return false;
  }
}

/** The child context's side. */
export class ChildFrame {
  private recorder: Recorder | null = null;
  private tracker: MaskTracker | null = null;

  constructor(
    private readonly win: Window,
    private readonly signals: ApiSignals,
    private readonly passwords: PasswordMemory,
  ) {}

  start(): void {
    this.win.addEventListener('message', this.onMessage);
    this.hello();
  }

  private hello(): void {
    const origin = parentOrigin(this.win);
    if (origin) this.win.parent.postMessage({ gcb: 'hello' }, origin);
  }

  private readonly onMessage = (event: MessageEvent): void => {
    if (event.source !== this.win.parent || !isFrameMessage(event.data)) return;
    const expected = parentOrigin(this.win);
    if (!expected || event.origin !== expected) return;
    const message = event.data;
    if (message.gcb === 'ping') this.hello();
    else if (message.gcb === 'start') this.begin(message.rules);
    else if (message.gcb === 'stop') this.end();
  };

  private begin(rawRules: unknown): void {
    if (this.tracker) return;
    let rules: SessionRules;
    try {
      rules = readRules(rawRules);
    } catch {
      return;
    }
    const doc = this.win.document;
    const policy = new MaskPolicy(rules, this.win.location.href, doc, this.passwords);
    this.tracker = new MaskTracker(doc, policy, (element) => this.signals.maskedElement.dispatch(element));
    this.tracker.start();
    // A same-origin frame is captured by the top's recorder; a cross-origin one records itself and
    // rrweb passes its events to the parent (whose origin we just checked).
    if (!sameOriginParent(this.win)) {
      this.recorder = startRecorder({ policy, onBatch: () => undefined, crossOriginIframes: true });
    }
  }

  private end(): void {
    this.tracker?.stop();
    this.tracker = null;
    this.recorder?.stop();
    this.recorder = null;
  }
}
