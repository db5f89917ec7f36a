/**
 * The reference to an ongoing session that survives navigation and reloads within the site:
 * {token, userToken, timestamp} in sessionStorage (per tab, per origin), refreshed while the page
 * is open, and valid for `maxOfflineDuration` seconds after the page last touched it.
 */
export interface StoredSession {
  token: string;
  userToken: string;
  /** ms since epoch when the page last touched the reference. */
  timestamp: number;
  /** The customer allowed the agent to control the page (write mode). */
  write?: boolean;
}

export type StoredState = { kind: 'none' } | { kind: 'fresh'; session: StoredSession } | { kind: 'expired'; session: StoredSession };

const KEY = 'gcb.session';

export class SessionStore {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    private readonly maxOfflineMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  load(): StoredState {
    const raw = this.read();
    if (!raw) return { kind: 'none' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      this.clear();
      return { kind: 'none' };
    }
    const s = parsed as Partial<StoredSession>;
    if (typeof s?.token !== 'string' || typeof s.userToken !== 'string' || typeof s.timestamp !== 'number') {
      this.clear();
      return { kind: 'none' };
    }
    const session: StoredSession = { token: s.token, userToken: s.userToken, timestamp: s.timestamp, write: s.write === true };
    return this.now() - session.timestamp > this.maxOfflineMs ? { kind: 'expired', session } : { kind: 'fresh', session };
  }

  save(token: string, userToken: string, write = false): void {
    this.write(JSON.stringify({ token, userToken, timestamp: this.now(), write }));
  }

  /** Refreshes the timestamp of the stored reference, if any; `write` changes the write-mode mark. */
  touch(write?: boolean): void {
    const state = this.load();
    if (state.kind === 'fresh') this.save(state.session.token, state.session.userToken, write ?? state.session.write === true);
  }

  clear(): void {
    try {
      this.storage?.removeItem(KEY);
    } catch {
      /* storage disabled */
    }
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(KEY) ?? null;
    } catch {
      return null;
    }
  }

  private write(value: string): void {
    try {
      this.storage?.setItem(KEY, value);
    } catch {
      /* storage full or disabled: the session then ends with the page */
    }
  }
}
