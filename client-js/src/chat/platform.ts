/**
 * What the Chat Service API needs from its surroundings. chatAPI.min.js and the built-in widget
 * bring their own (`builtin-platform.ts`: Tandem's deferreds, the bundled CometD, fetch);
 * chatAPI-noDeps.min.js takes the page's jQuery (`$.Deferred`, `$.ajax`), underscore or lodash
 * (`_.debounce`, `_.sortBy`, `_.extend`) and CometD (`org.cometd.CometD`) (`nodeps-platform.ts`).
 */
import type { BayeuxOptions, Connection } from '../shared/cometd-connection';

/** What `fail` callbacks receive: `error` is absent when there was simply nothing to do (no chat to restore). */
export interface ChatFailure {
  error?: { code: number | string; description: string };
}

/** The promise-like object every command returns (the seed's `done`/`fail`). */
export interface ChatPromise<T> {
  done(callback: (value: T) => void): ChatPromise<T>;
  fail(callback: (failure: ChatFailure) => void): ChatPromise<T>;
  always(callback: () => void): ChatPromise<T>;
  then<A = T, B = never>(onDone?: ((value: T) => A | PromiseLike<A>) | null, onFail?: ((failure: ChatFailure) => B | PromiseLike<B>) | null): PromiseLike<A | B>;
}

export interface ChatDeferred<T> {
  resolve(value: T): void;
  reject(failure: ChatFailure): void;
  promise(): ChatPromise<T>;
}

/** Where the chat keeps its reference across page loads; `sessionStorage` by default. */
export type ChatStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface ChatPlatform {
  /** A deferred whose promise has `done`, `fail`, `always` and `then`. */
  deferred<T>(): ChatDeferred<T>;
  /** A Bayeux connection (not yet connected). */
  connect(options: BayeuxOptions): Connection;
  /** GET a JSON document. */
  getJson(url: string): Promise<unknown>;
  /** `fn` once `ms` have passed without another call. */
  debounce(fn: () => void, ms: number): () => void;
  /** Messages in `seq` order. */
  sortBySeq<T extends { seq: number }>(items: T[]): T[];
  /** Own enumerable properties of the sources copied onto a new object, later ones winning. */
  extend<T extends object>(...sources: (Partial<T> | undefined)[]): T;
  /** The default storage (sessionStorage), or null where the browser refuses it. */
  storage(): ChatStorage | null;
}

/** Turns an error into what `fail` callbacks get: Bayeux's code and message when there are some. */
export function toFailure(error: unknown): ChatFailure {
  if (typeof error === 'object' && error !== null && 'error' in error && typeof (error as ChatFailure).error === 'object') return error as ChatFailure;
  const e = error as { code?: unknown; reason?: unknown; message?: unknown };
  const code = typeof e?.code === 'number' || typeof e?.code === 'string' ? e.code : 0;
  const description = typeof e?.reason === 'string' ? e.reason : typeof e?.message === 'string' ? e.message : String(error);
  return { error: { code, description } };
}

/** Wraps a native promise into the platform's promise-like object. */
export function settle<T>(platform: ChatPlatform, promise: Promise<T>): ChatPromise<T> {
  const deferred = platform.deferred<T>();
  promise.then(
    (value) => deferred.resolve(value),
    (error) => deferred.reject(toFailure(error)),
  );
  return deferred.promise();
}
