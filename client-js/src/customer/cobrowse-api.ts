/**
 * The Co-browse API of the seed: the common part (top and child contexts) and the top context.
 */
import { CollectingSignal, MemorySignal, type Signal } from '../shared/signal';
import type { EndReason, NavigationCommand } from '../shared/wire';
import { SERVICE_CLASS } from './recorder';

/** The session object the signals pass: `token` (9 digits) and one empty object per agent. */
export interface SessionObject {
  token: string;
  agents: Record<string, never>[];
}

export interface NavigationDetails {
  command: NavigationCommand;
  url?: string;
}

export interface SessionEndedDetails {
  reason: EndReason | undefined;
}

export interface CommonApi {
  markServiceElement(element: Element): void;
  onMaskedElement: Signal<[Element]>;
}

export interface TopContextApi extends CommonApi {
  isBrowserSupported(): boolean;
  startSession(): void;
  exitSession(): void;
  onInitialized: Signal<[SessionObject | null]>;
  onSessionStarted: Signal<[SessionObject]>;
  onAgentJoined: Signal<[Record<string, never>, SessionObject]>;
  onAgentNavigated: Signal<[NavigationDetails]>;
  onNavigationFailed: Signal<[]>;
  onSessionEnded: Signal<[SessionEndedDetails]>;
}

/** The signals behind the API, with their dispatch side. */
export class ApiSignals {
  readonly maskedElement = new CollectingSignal<[Element]>(([element]) => element.isConnected);
  readonly initialized = new MemorySignal<[SessionObject | null]>();
  readonly sessionStarted = new MemorySignal<[SessionObject]>();
  readonly agentJoined = new MemorySignal<[Record<string, never>, SessionObject]>();
  readonly agentNavigated = new MemorySignal<[NavigationDetails]>();
  readonly navigationFailed = new MemorySignal<[]>();
  readonly sessionEnded = new MemorySignal<[SessionEndedDetails]>();
}

/** Marks an element as a service element: agents never see it (mark it before adding it to the DOM). */
export function markServiceElement(element: Element): void {
  if (!element || typeof (element as Element).classList !== 'object') {
    throw new TypeError('Co-browse markServiceElement: the argument must be an HTML element');
  }
  element.classList.add(SERVICE_CLASS);
}

/** What the customer application needs from the browser. */
export function isBrowserSupported(win: Window & typeof globalThis = window): boolean {
  try {
    return (
      typeof win.MutationObserver === 'function' &&
      typeof win.WeakSet === 'function' &&
      typeof win.Promise === 'function' &&
      typeof win.Element.prototype.closest === 'function' &&
      typeof win.Element.prototype.attachShadow === 'function' &&
      (typeof win.WebSocket === 'function' || typeof win.XMLHttpRequest === 'function')
    );
  } catch {
    return false;
  }
}

export function createCommonApi(signals: ApiSignals): CommonApi {
  return Object.freeze({
    markServiceElement,
    onMaskedElement: signals.maskedElement.toPublic(),
  });
}

export interface SessionActions {
  isBrowserSupported(): boolean;
  startSession(): void;
  exitSession(): void;
}

export function createTopContextApi(signals: ApiSignals, actions: SessionActions): TopContextApi {
  return Object.freeze({
    markServiceElement,
    onMaskedElement: signals.maskedElement.toPublic(),
    isBrowserSupported: () => actions.isBrowserSupported(),
    startSession: () => actions.startSession(),
    exitSession: () => actions.exitSession(),
    onInitialized: signals.initialized.toPublic(),
    onSessionStarted: signals.sessionStarted.toPublic(),
    onAgentJoined: signals.agentJoined.toPublic(),
    onAgentNavigated: signals.agentNavigated.toPublic(),
    onNavigationFailed: signals.navigationFailed.toPublic(),
    onSessionEnded: signals.sessionEnded.toPublic(),
  });
}
