/**
 * The platform of the bundles that carry everything they need (gcb.min.js, chatAPI.min.js):
 * Tandem's own deferreds, the bundled CometD client, `fetch`.
 */
import { BayeuxConnection, type BayeuxOptions } from '../shared/bayeux';
import { createDeferred } from './deferred';
import type { ChatPlatform, ChatStorage } from './platform';

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw { code: response.status, reason: text.trim() || `GET ${url} answered ${response.status}` };
  }
  return response.json();
}

export const builtinPlatform: ChatPlatform = Object.freeze<ChatPlatform>({
  deferred: createDeferred,
  connect: (options: BayeuxOptions) => new BayeuxConnection(options),
  getJson,
  debounce(fn: () => void, ms: number) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        fn();
      }, ms);
    };
  },
  sortBySeq: <T extends { seq: number }>(items: T[]) => items.slice().sort((a, b) => a.seq - b.seq),
  extend: <T extends object>(...sources: (Partial<T> | undefined)[]) => Object.assign({}, ...sources) as T,
  storage(): ChatStorage | null {
    try {
      return window.sessionStorage;
    } catch {
      return null;
    }
  },
});
