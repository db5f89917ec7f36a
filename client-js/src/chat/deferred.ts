/**
 * A small deferred with the seed's promise-like face (`done`, `fail`, `always`, `then`), for the
 * bundles that do not rely on jQuery. Callbacks added after it settled run at once; one that
 * throws is logged and does not stop the others.
 */
import type { ChatDeferred, ChatFailure, ChatPromise } from './platform';

type Settled<T> = { ok: true; value: T } | { ok: false; failure: ChatFailure };

function run(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    console.error('Chat: a callback threw', error);
  }
}

export function createDeferred<T>(): ChatDeferred<T> {
  let settled: Settled<T> | null = null;
  let waiting: ((s: Settled<T>) => void)[] = [];
  const settle = (s: Settled<T>) => {
    if (settled) return;
    settled = s;
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) callback(s);
  };
  const when = (callback: (s: Settled<T>) => void) => {
    if (settled) callback(settled);
    else waiting.push(callback);
  };
  const promise: ChatPromise<T> = {
    done(callback) {
      when((s) => s.ok && run(() => callback(s.value)));
      return promise;
    },
    fail(callback) {
      when((s) => !s.ok && run(() => callback(s.failure)));
      return promise;
    },
    always(callback) {
      when(() => run(callback));
      return promise;
    },
    then(onDone, onFail) {
      return new Promise((resolve, reject) =>
        when((s) => {
          try {
            if (s.ok) resolve(onDone ? onDone(s.value) : (s.value as never));
            else if (onFail) resolve(onFail(s.failure));
            else reject(s.failure);
          } catch (error) {
            reject(error);
          }
        }),
      );
    },
  };
  return {
    resolve: (value) => settle({ ok: true, value }),
    reject: (failure) => settle({ ok: false, failure }),
    promise: () => promise,
  };
}
