import { describe, expect, it, vi } from 'vitest';
import { createDeferred } from '../src/chat/deferred';

describe('the chat deferred (done/fail/always/then)', () => {
  it('should_call_done_and_always_on_resolve_also_when_added_later', async () => {
    const d = createDeferred<number>();
    const done = vi.fn();
    const fail = vi.fn();
    const always = vi.fn();
    d.promise().done(done).fail(fail).always(always);
    d.resolve(7);
    d.reject({}); // settled once
    const late = vi.fn();
    d.promise().done(late);
    expect([done.mock.calls, fail.mock.calls, always.mock.calls.length, late.mock.calls]).toEqual([[[7]], [], 1, [[7]]]);
    await expect(d.promise().then((v) => v + 1)).resolves.toBe(8);
  });

  it('should_call_fail_with_the_failure_and_reject_then_without_a_handler', async () => {
    const d = createDeferred<number>();
    const fail = vi.fn();
    d.promise().fail(fail);
    d.reject({ error: { code: 404, description: 'gone' } });
    expect(fail).toHaveBeenCalledWith({ error: { code: 404, description: 'gone' } });
    await expect(d.promise().then(() => 1)).rejects.toEqual({ error: { code: 404, description: 'gone' } });
    await expect(d.promise().then(null, (f) => f.error?.code)).resolves.toBe(404);
  });

  it('should_keep_calling_the_others_when_a_callback_throws', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const d = createDeferred<string>();
    const after = vi.fn();
    d.promise()
      .done(() => {
        throw new Error('boom');
      })
      .done(after);
    d.resolve('x');
    expect(after).toHaveBeenCalledWith('x');
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
