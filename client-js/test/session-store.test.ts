import { describe, expect, it } from 'vitest';
import { SessionStore } from '../src/customer/session-store';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

describe('SessionStore', () => {
  it('should_report_none_fresh_and_expired', () => {
    let now = 1_000_000;
    const store = new SessionStore(memoryStorage(), 600_000, () => now);
    expect(store.load().kind).toBe('none');
    store.save('123456789', 'u1');
    expect(store.load()).toEqual({ kind: 'fresh', session: { token: '123456789', userToken: 'u1', timestamp: 1_000_000, write: false } });
    now += 600_001;
    expect(store.load().kind).toBe('expired');
  });

  it('should_extend_validity_on_touch_and_keep_write_mode', () => {
    let now = 0;
    const store = new SessionStore(memoryStorage(), 1000, () => now);
    store.save('123456789', 'u1', true);
    now = 900;
    store.touch();
    now = 1800;
    const state = store.load();
    expect(state.kind).toBe('fresh');
    expect(state.kind === 'fresh' && state.session.write).toBe(true);
  });

  it('should_survive_garbage_and_missing_storage', () => {
    const storage = memoryStorage();
    storage.setItem('gcb.session', '{not json');
    expect(new SessionStore(storage, 1000).load().kind).toBe('none');
    expect(new SessionStore(null, 1000).load().kind).toBe('none');
  });
});
