import { describe, expect, it } from 'vitest';
import { ConnectionPool } from '../src/shared/connection-pool';
import { FakeConnection } from './fake-connection';

describe('ConnectionPool', () => {
  it('should_share_one_connection_and_disconnect_it_with_the_last_lease', async () => {
    const made: FakeConnection[] = [];
    const pool = new ConnectionPool(() => {
      const c = new FakeConnection({});
      made.push(c);
      return c;
    });
    const chat = pool.lease();
    const cobrowse = pool.lease();
    const chatEvents: unknown[] = [];
    const cobrowseEvents: unknown[] = [];
    chat.listen('/service/chat/event', (d) => chatEvents.push(d));
    cobrowse.listen('/service/session/control', (d) => cobrowseEvents.push(d));
    await chat.connect();
    await cobrowse.connect();
    expect(made).toHaveLength(1);
    made[0].push('/service/chat/event', 'a');
    made[0].push('/service/session/control', 'b');
    expect([chatEvents, cobrowseEvents]).toEqual([['a'], ['b']]);
    await cobrowse.disconnect(); // its listeners go, the connection stays for the chat
    made[0].push('/service/session/control', 'c');
    expect(cobrowseEvents).toEqual(['b']);
    expect(made[0].disconnected).toBe(false);
    await chat.disconnect();
    expect(made[0].disconnected).toBe(true);
    // later parts get a new connection, with their listeners on it
    const later = pool.lease();
    const laterEvents: unknown[] = [];
    later.listen('/service/chat/event', (d) => laterEvents.push(d));
    await later.connect();
    expect(made).toHaveLength(2);
    made[1].push('/service/chat/event', 'd');
    expect(laterEvents).toEqual(['d']);
  });

  it('should_tell_a_late_lease_that_the_connection_is_up', async () => {
    const pool = new ConnectionPool(() => new FakeConnection({}));
    const first = pool.lease();
    await first.connect();
    const states: string[] = [];
    const second = pool.lease();
    second.onState((s) => states.push(s));
    await second.connect();
    expect(states).toEqual(['connected']);
  });

  it('should_move_the_listeners_of_a_lease_that_connects_after_the_others_let_go', async () => {
    const made: FakeConnection[] = [];
    const pool = new ConnectionPool(() => {
      const c = new FakeConnection({});
      made.push(c);
      return c;
    });
    const early = pool.lease();
    const seen: unknown[] = [];
    early.listen('/x', (d) => seen.push(d)); // on the first connection, not yet connected
    const other = pool.lease();
    await other.connect();
    await other.disconnect(); // the first connection goes
    await early.connect();
    made[made.length - 1].push('/x', 'here');
    expect(seen).toEqual(['here']);
  });

  it('should_refuse_calls_after_disconnect', async () => {
    const pool = new ConnectionPool(() => new FakeConnection({}));
    const lease = pool.lease();
    await lease.connect();
    await lease.disconnect();
    await expect(lease.call('/service/chat/send', {})).rejects.toThrow(/disconnected/);
  });
});
