/**
 * Reads the instrumentation's configuration: the global `_genesys` (or the deprecated `_gcb`),
 * its `cobrowse` and `chat` sections, with the seed's defaults.
 */

/** The External Media Adapter of the seed; every method is optional. */
export interface PrimaryMedia {
  initializeAsync?(done: () => void): void;
  isAgentConnected?(): boolean;
  sendCbSessionToken?(token: string): void;
}

export interface CssStrategy {
  server: boolean;
  browser: boolean;
}

export type OnReadyHook = ((...args: unknown[]) => void) | unknown[];

export interface CobrowseConfig {
  disableBuiltInUI: boolean;
  primaryMedia: PrimaryMedia | undefined;
  css: CssStrategy;
  /** Seconds a stored session reference stays valid across page loads. */
  maxOfflineDuration: number;
  disableWebSockets: boolean;
  /** `cobrowse.onReady`: called with (cobrowseApi, isTopContext). */
  onReady: OnReadyHook | undefined;
}

/** `_genesys.chat`: the built-in chat widget. */
export interface ChatConfig {
  /** Restore the chat of an earlier page on every page load (default true); false: call `restoreChat()` yourself. */
  autoRestore: boolean;
  /** No Live Chat button and no chat window; `APIs.chat` still starts and restores chats (default false). */
  disableBuiltInUI: boolean;
  /** `chat.onReady`: called with the Chat Widget API. */
  onReady: OnReadyHook | undefined;
}

export interface GlobalConfig {
  /** Which global variable the configuration came from, if any. */
  source: '_genesys' | '_gcb' | null;
  /** The global configuration object itself (its `onReady` array gets a new `push`). */
  root: Record<string, unknown>;
  /** Top-level `onReady`: called with (APIs, isTopContext). */
  onReady: OnReadyHook | undefined;
  cobrowse: CobrowseConfig;
  chat: ChatConfig;
}

export const DEFAULTS: Readonly<Omit<CobrowseConfig, 'onReady' | 'primaryMedia'>> = Object.freeze({
  disableBuiltInUI: false,
  css: Object.freeze({ server: true, browser: false }),
  maxOfflineDuration: 600,
  disableWebSockets: false,
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function hook(value: unknown, where: string): OnReadyHook | undefined {
  if (typeof value === 'function' || Array.isArray(value)) return value as OnReadyHook;
  if (value !== undefined) console.warn(`Co-browse: ${where} must be a function or an array; ignored`);
  return undefined;
}

function readCss(value: unknown): CssStrategy {
  if (!isObject(value)) return { ...DEFAULTS.css };
  const server = value.server;
  const browser = value.browser;
  // An explicit css object without "server" still means the server strategy unless it is switched off.
  return { server: bool(server, browser === true ? false : true), browser: bool(browser, false) };
}

function readMaxOffline(value: unknown): number {
  if (value === undefined) return DEFAULTS.maxOfflineDuration;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds;
  console.warn('Co-browse: cobrowse.maxOfflineDuration must be a positive number of seconds; using 600');
  return DEFAULTS.maxOfflineDuration;
}

function readPrimaryMedia(value: unknown): PrimaryMedia | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    console.warn('Co-browse: cobrowse.primaryMedia must be an object implementing the External Media Adapter API; ignored');
    return undefined;
  }
  return value as PrimaryMedia;
}

export function readCobrowseConfig(value: unknown): CobrowseConfig {
  const c = isObject(value) ? value : {};
  return {
    disableBuiltInUI: bool(c.disableBuiltInUI, DEFAULTS.disableBuiltInUI),
    primaryMedia: readPrimaryMedia(c.primaryMedia),
    css: readCss(c.css),
    maxOfflineDuration: readMaxOffline(c.maxOfflineDuration),
    disableWebSockets: bool(c.disableWebSockets, DEFAULTS.disableWebSockets),
    onReady: hook(c.onReady, 'cobrowse.onReady'),
  };
}

export function readChatConfig(value: unknown): ChatConfig {
  const c = isObject(value) ? value : {};
  return {
    autoRestore: bool(c.autoRestore, true),
    disableBuiltInUI: bool(c.disableBuiltInUI, false),
    onReady: hook(c.onReady, 'chat.onReady'),
  };
}

/** Reads `_genesys`, else `_gcb` (deprecated), else defaults. */
export function readGlobalConfig(win: Record<string, unknown>): GlobalConfig {
  let source: GlobalConfig['source'] = null;
  let root: Record<string, unknown> = {};
  if (isObject(win._genesys)) {
    source = '_genesys';
    root = win._genesys;
  } else if (isObject(win._gcb)) {
    source = '_gcb';
    root = win._gcb;
    console.warn('Co-browse: the _gcb configuration variable is deprecated; rename it to _genesys');
  }
  return {
    source,
    root,
    onReady: hook(root.onReady, 'onReady'),
    cobrowse: readCobrowseConfig(root.cobrowse),
    chat: readChatConfig(root.chat),
  };
}
