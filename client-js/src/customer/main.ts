/**
 * Entry point of gcb.min.js, the customer application. Loaded asynchronously by the
 * instrumentation snippet on the customer's site (see README.md).
 */
import { BayeuxConnection } from '../shared/bayeux';
import { builtinPlatform } from '../chat/builtin-platform';
import { ConnectionPool } from '../shared/connection-pool';
import { findOwnScriptSrc, serverLocationFromScript, type ServerLocation } from '../shared/server-url';
import {
  ApiSignals,
  createCommonApi,
  createTopContextApi,
  isBrowserSupported,
  type CommonApi,
} from './cobrowse-api';
import { readGlobalConfig } from './config';
import { ChildFrame } from './frames';
import { PasswordMemory } from './masking';
import { runOnReady } from './on-ready';
import { CustomerSession } from './session';
import { SessionStore } from './session-store';
import { BuiltInChat } from './chat/built-in-chat';
import { MediaBridge } from './media';
import { BuiltInUi } from './ui/built-in-ui';

declare const __TANDEM_VERSION__: string;

function isTop(win: Window): boolean {
  try {
    return win.top === win;
  } catch {
    return false;
  }
}

function sessionStorageOf(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

function whenBodyReady(doc: Document, run: () => void): void {
  if (doc.body) run();
  else doc.addEventListener('DOMContentLoaded', run, { once: true });
}

function boot(win: Window & typeof globalThis & { __tandemGcb?: string }): void {
  if (win.__tandemGcb) return; // loaded twice: the first copy serves
  win.__tandemGcb = __TANDEM_VERSION__;
  const doc = win.document;
  const config = readGlobalConfig(win as unknown as Record<string, unknown>);
  const scriptSrc = findOwnScriptSrc(doc);
  const server: ServerLocation | null = scriptSrc ? serverLocationFromScript(scriptSrc) : null;
  const top = isTop(win);
  const signals = new ApiSignals();
  const passwords = new PasswordMemory(doc);

  let api: CommonApi;
  let session: CustomerSession | null = null;
  let chat: BuiltInChat | null = null;
  if (top) {
    // One Bayeux connection for the co-browse session and the chat.
    const pool = new ConnectionPool(() => new BayeuxConnection({ url: server!.bayeux, disableWebSockets: config.cobrowse.disableWebSockets }));
    // The built-in chat is the primary media unless the instrumentation passes another (External Media Adapter API).
    const custom = config.cobrowse.primaryMedia;
    const builtInChat = new BuiltInChat({
      doc,
      server,
      config: config.chat,
      disableWebSockets: config.cobrowse.disableWebSockets,
      isPrimaryMedia: custom === undefined,
      platform: { ...builtinPlatform, connect: () => pool.lease() },
    });
    chat = builtInChat;
    const media = new MediaBridge(custom ?? builtInChat.media, custom === undefined);
    // Called on every page load, before the Live Chat and Co-browse buttons show.
    media.initialize();
    if (custom !== undefined && config.chat.autoRestore) builtInChat.api.restoreChat();
    whenBodyReady(doc, () => {
      builtInChat.mountUi(sessionStorageOf(win));
      media.whenReady(() => builtInChat.showLauncher());
    });
    const writeModeListeners: ((on: boolean) => void)[] = [];
    let consentProvider: (() => Promise<boolean>) | null = null;
    const supported = () => isBrowserSupported(win) && server !== null;
    session = new CustomerSession({
      win,
      doc,
      config: config.cobrowse,
      server: server ?? serverLocationFromScript('http://invalid/js/gcb.min.js')!,
      signals,
      store: new SessionStore(sessionStorageOf(win), config.cobrowse.maxOfflineDuration * 1000),
      passwords,
      media,
      connect: () => pool.lease(),
      isBrowserSupported: supported,
      consent: () => consentProvider,
      onWriteMode: (on) => writeModeListeners.forEach((listener) => listener(on)),
    });
    const s = session;
    const topApi = createTopContextApi(signals, {
      isBrowserSupported: supported,
      startSession: () => s.startSession(),
      exitSession: () => s.exitSession(),
    });
    api = topApi;
    if (!server) console.error('Co-browse: cannot tell the server address from the script URL; load gcb.min.js from <server>/cobrowse/js/gcb.min.js');
    if (!config.cobrowse.disableBuiltInUI) {
      whenBodyReady(doc, () => {
        new BuiltInUi(doc, topApi, media, {
          setConsentProvider: (provider) => {
            consentProvider = provider;
          },
          onWriteModeChanged: (listener) => writeModeListeners.push(listener),
          revokeWriteMode: () => s.revokeWriteMode(),
        });
      });
    }
  } else {
    api = createCommonApi(signals);
    new ChildFrame(win, signals, passwords).start();
  }

  runOnReady(config.cobrowse.onReady, api, top);
  // The chat widget lives in the top context only; an iframe's APIs.chat is null.
  if (chat) runOnReady(config.chat.onReady, chat.api);
  runOnReady(config.onReady, Object.freeze({ cobrowse: api, chat: chat?.api ?? null, isTopContext: top }), top);

  if (session && server) {
    const s = session;
    whenBodyReady(doc, () => void s.initialize());
  } else if (session) {
    signals.initialized.dispatch(null);
  }
}

boot(window);
