/**
 * Calls the instrumentation's onReady hooks. A hook is a function, or an array of functions
 * onto which later code pushes more: the array's `push` is replaced so that a function pushed
 * later is called at once.
 */
import type { OnReadyHook } from './config';

function call(fn: unknown, args: unknown[]): void {
  if (typeof fn !== 'function') {
    console.warn('Co-browse: an onReady entry is not a function; ignored');
    return;
  }
  try {
    fn(...args);
  } catch (error) {
    console.error('Co-browse: an onReady callback threw', error);
  }
}

export function runOnReady(hook: OnReadyHook | undefined, ...args: unknown[]): void {
  if (hook === undefined) return;
  if (typeof hook === 'function') {
    call(hook, args);
    return;
  }
  for (const fn of hook.slice()) call(fn, args);
  Object.defineProperty(hook, 'push', {
    configurable: true,
    enumerable: false,
    writable: true,
    value: (...fns: unknown[]): number => {
      const length = Array.prototype.push.apply(hook, fns);
      for (const fn of fns) call(fn, args);
      return length;
    },
  });
}
