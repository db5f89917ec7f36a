import { describe, expect, it, vi } from 'vitest';
import { CollectingSignal, MemorySignal } from '../src/shared/signal';

describe('MemorySignal', () => {
  it('should_call_added_callbacks_when_dispatched', () => {
    const signal = new MemorySignal<[number]>();
    const a = vi.fn();
    signal.add(a);
    signal.dispatch(1);
    signal.dispatch(2);
    expect(a.mock.calls).toEqual([[1], [2]]);
  });

  it('should_call_a_late_callback_at_once_with_the_last_arguments', () => {
    const signal = new MemorySignal<[string, object]>();
    const session = { token: '123456789' };
    signal.dispatch('first', session);
    signal.dispatch('second', session);
    const late = vi.fn();
    signal.add(late);
    expect(late).toHaveBeenCalledTimes(1);
    expect(late).toHaveBeenCalledWith('second', session);
    signal.dispatch('third', session);
    expect(late).toHaveBeenCalledTimes(2);
  });

  it('should_call_addOnce_callbacks_only_once', () => {
    const signal = new MemorySignal<[number]>();
    const once = vi.fn();
    signal.addOnce(once);
    signal.dispatch(1);
    signal.dispatch(2);
    expect(once.mock.calls).toEqual([[1]]);
  });

  it('should_not_register_addOnce_when_the_event_already_happened', () => {
    const signal = new MemorySignal<[number]>();
    signal.dispatch(7);
    const once = vi.fn();
    signal.addOnce(once);
    signal.dispatch(8);
    expect(once.mock.calls).toEqual([[7]]);
  });

  it('should_stop_calling_removed_callbacks', () => {
    const signal = new MemorySignal<[]>();
    const cb = vi.fn();
    signal.add(cb);
    signal.remove(cb);
    signal.dispatch();
    expect(cb).not.toHaveBeenCalled();
  });

  it('should_not_replay_after_forget', () => {
    const signal = new MemorySignal<[string]>();
    signal.dispatch('old');
    signal.forget();
    const cb = vi.fn();
    signal.add(cb);
    expect(cb).not.toHaveBeenCalled();
  });

  it('should_keep_calling_others_when_one_callback_throws', () => {
    const signal = new MemorySignal<[]>();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn();
    signal.add(() => {
      throw new Error('boom');
    });
    signal.add(good);
    signal.dispatch();
    expect(good).toHaveBeenCalled();
    error.mockRestore();
  });

  it('should_reject_a_callback_that_is_not_a_function', () => {
    const signal = new MemorySignal<[]>();
    expect(() => signal.add('nope' as never)).toThrow(TypeError);
  });

  it('should_expose_only_add_addOnce_remove_publicly', () => {
    expect(Object.keys(new MemorySignal().toPublic()).sort()).toEqual(['add', 'addOnce', 'remove']);
  });
});

describe('CollectingSignal', () => {
  it('should_replay_every_remembered_dispatch_to_a_late_callback', () => {
    const signal = new CollectingSignal<[string]>();
    signal.dispatch('a');
    signal.dispatch('b');
    const cb = vi.fn();
    signal.add(cb);
    expect(cb.mock.calls).toEqual([['a'], ['b']]);
  });

  it('should_forget_dispatches_that_are_no_longer_kept', () => {
    let keepB = true;
    const signal = new CollectingSignal<[string]>(([v]) => v !== 'b' || keepB);
    signal.dispatch('a');
    signal.dispatch('b');
    keepB = false;
    const cb = vi.fn();
    signal.add(cb);
    expect(cb.mock.calls).toEqual([['a']]);
  });
});
