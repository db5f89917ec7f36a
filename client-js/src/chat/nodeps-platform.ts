/**
 * The platform of chatAPI-noDeps.min.js: the page's own libraries, as the seed lists them —
 * jQuery as `$` (deferreds: `$.Deferred`; the transcript: `$.ajax`), underscore or lodash as `_`
 * (`_.debounce` for typing notices, `_.sortBy` for message order, `_.extend` for options) and
 * CometD as `org.cometd` (`new org.cometd.CometD()`, which needs `remoteCall`: CometD 3.1 or later).
 */
import type { CometD } from 'cometd';
import { CometdConnection, type BayeuxOptions } from '../shared/cometd-connection';
import type { ChatDeferred, ChatPlatform, ChatStorage } from './platform';

export interface JQueryLike {
  Deferred<T>(): ChatDeferred<T>;
  ajax(settings: { url: string; dataType: 'json'; cache: boolean }): {
    done(callback: (data: unknown) => void): { fail(callback: (xhr: { status: number; responseText?: string }) => void): unknown };
  };
}

export interface UnderscoreLike {
  debounce(fn: () => void, ms: number): () => void;
  sortBy<T>(list: T[], key: string): T[];
  extend<T extends object>(target: object, ...sources: (Partial<T> | undefined)[]): T;
}

export interface CometdNamespace {
  CometD: new (name?: string) => CometD;
  WebSocketTransport?: new () => unknown;
  LongPollingTransport?: new () => unknown;
}

export interface NoDepsGlobals {
  $?: unknown;
  _?: unknown;
  org?: { cometd?: unknown };
}

const ADVICE = ' Load it before chatAPI-noDeps.min.js, or use chatAPI.min.js, which needs nothing.';

/** The libraries of the page, checked: a missing one is named with what to do. */
export function noDepsPlatform(globals: NoDepsGlobals): ChatPlatform {
  const $ = globals.$ as JQueryLike | undefined;
  const _ = globals._ as UnderscoreLike | undefined;
  const ns = globals.org?.cometd as CometdNamespace | undefined;
  if (typeof $?.Deferred !== 'function' || typeof $.ajax !== 'function') throw new Error('Chat: chatAPI-noDeps.min.js needs jQuery (1.8.1 or later) as the global $.' + ADVICE);
  if (typeof _?.debounce !== 'function' || typeof _.sortBy !== 'function' || typeof _.extend !== 'function') {
    throw new Error('Chat: chatAPI-noDeps.min.js needs underscore (1.5.0 or later) or lodash (2.0.0 or later) as the global _.' + ADVICE);
  }
  if (typeof ns?.CometD !== 'function') throw new Error('Chat: chatAPI-noDeps.min.js needs CometD as the global org.cometd (org.cometd.CometD).' + ADVICE);

  return Object.freeze({
    deferred: <T>() => $.Deferred<T>(),
    connect(options: BayeuxOptions) {
      const cometd = new ns.CometD('tandem-chat');
      if (typeof (cometd as { remoteCall?: unknown }).remoteCall !== 'function') {
        throw new Error('Chat: the global org.cometd has no remoteCall (CometD before 3.1); load CometD 3.1 or later, or use chatAPI.min.js');
      }
      // Old builds leave transport registration to a binding; register CometD's own when none is.
      if (cometd.getTransportTypes().length === 0) {
        if (ns.WebSocketTransport) cometd.registerTransport('websocket', new ns.WebSocketTransport() as never);
        if (ns.LongPollingTransport) cometd.registerTransport('long-polling', new ns.LongPollingTransport() as never);
      }
      return new CometdConnection(cometd, options);
    },
    getJson: (url: string) =>
      new Promise<unknown>((resolve, reject) => {
        $.ajax({ url, dataType: 'json', cache: false })
          .done(resolve)
          .fail((xhr) => reject({ code: xhr.status, reason: (xhr.responseText ?? '').trim() || `GET ${url} answered ${xhr.status}` }));
      }),
    debounce: (fn: () => void, ms: number) => _.debounce(fn, ms),
    sortBySeq: <T extends { seq: number }>(items: T[]) => _.sortBy(items, 'seq'),
    extend: <T extends object>(...sources: (Partial<T> | undefined)[]) => _.extend<T>({}, ...sources),
    storage(): ChatStorage | null {
      try {
        return window.sessionStorage;
      } catch {
        return null;
      }
    },
  });
}
