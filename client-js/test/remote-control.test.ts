// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiSignals } from '../src/customer/cobrowse-api';
import { MaskPolicy, PasswordMemory } from '../src/customer/masking';
import { RemoteControl } from '../src/customer/remote-control';
import type { ControlBody, ControlMessage } from '../src/shared/wire';

function setup(consent: boolean | null) {
  document.body.innerHTML = `
    <button id="btn">Go</button>
    <input id="field" value="ab">
    <input id="pw" type="password">
    <div class="agent-readonly"><button id="ro">Pay</button></div>
    <div class="gcb-service"><button id="ours">Exit</button></div>`;
  const passwords = new PasswordMemory(document);
  const policy = new MaskPolicy({ v: 1, mask: [], readonly: [{ selector: '.agent-readonly' }] }, 'http://x/', document, passwords);
  const nodes = new Map<number, Node>([
    [1, document.getElementById('btn')!],
    [2, document.getElementById('field')!],
    [3, document.getElementById('pw')!],
    [4, document.getElementById('ro')!],
    [5, document.getElementById('ours')!],
  ]);
  const sent: ControlBody[] = [];
  const signals = new ApiSignals();
  const writeModes: boolean[] = [];
  const remote = new RemoteControl({
    win: window,
    doc: document,
    policy,
    recorder: { nodeById: (id) => nodes.get(id) ?? null, takeFullSnapshot: vi.fn() },
    hover: null,
    pointer: { moveTo: vi.fn(), hide: vi.fn(), highlightClick: vi.fn() },
    signals,
    send: (body) => sent.push(body),
    consent: consent === null ? null : () => Promise.resolve(consent),
    onWriteMode: (on) => writeModes.push(on),
    beforeNavigate: vi.fn(),
    navigationDelayMs: 10,
  });
  const msg = (body: ControlBody): ControlMessage => ({ v: 1, from: '2', ...body });
  return { remote, sent, signals, writeModes, msg, policy };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('RemoteControl', () => {
  beforeEach(() => vi.useRealTimers());
  afterEach(() => vi.restoreAllMocks());

  it('should_only_highlight_clicks_in_pointer_mode', () => {
    const { remote, msg } = setup(true);
    const clicked = vi.fn();
    document.getElementById('btn')!.addEventListener('click', clicked);
    remote.handle(msg({ type: 'click', x: 1, y: 1, id: 1 }));
    expect(clicked).not.toHaveBeenCalled();
  });

  it('should_enter_write_mode_only_after_consent', async () => {
    const denied = setup(false);
    denied.remote.handle(denied.msg({ type: 'requestWrite' }));
    await tick();
    expect(denied.sent).toEqual([{ type: 'writeDenied' }]);
    expect(denied.remote.writeMode).toBe(false);

    const granted = setup(true);
    granted.remote.handle(granted.msg({ type: 'requestWrite' }));
    await tick();
    expect(granted.sent).toEqual([{ type: 'writeGranted' }]);
    expect(granted.writeModes).toEqual([true]);
  });

  it('should_dispatch_a_real_event_sequence_for_a_click_in_write_mode', async () => {
    const { remote, msg } = setup(true);
    remote.handle(msg({ type: 'requestWrite' }));
    await tick();
    const seen: string[] = [];
    const btn = document.getElementById('btn')!;
    for (const type of ['pointerdown', 'mousedown', 'focus', 'pointerup', 'mouseup', 'click']) btn.addEventListener(type, () => seen.push(type));
    remote.handle(msg({ type: 'click', x: 5, y: 5, id: 1 }));
    expect(seen).toEqual(['pointerdown', 'mousedown', 'focus', 'pointerup', 'mouseup', 'click']);
    expect(document.activeElement).toBe(btn);
  });

  it('should_type_into_the_focused_field_with_input_events', async () => {
    const { remote, msg } = setup(true);
    remote.handle(msg({ type: 'requestWrite' }));
    await tick();
    const field = document.getElementById('field') as HTMLInputElement;
    const inputs: string[] = [];
    field.addEventListener('input', () => inputs.push(field.value));
    remote.handle(msg({ type: 'click', x: 1, y: 1, id: 2 }));
    field.setSelectionRange(2, 2);
    remote.handle(msg({ type: 'key', key: 'c' }));
    remote.handle(msg({ type: 'key', key: 'Backspace' }));
    remote.handle(msg({ type: 'key', key: 'Z' }));
    expect(inputs).toEqual(['abc', 'ab', 'abZ']);
  });

  it('should_refuse_readonly_elements_protected_fields_and_our_own_ui', async () => {
    const { remote, msg, sent } = setup(true);
    remote.handle(msg({ type: 'requestWrite' }));
    await tick();
    const ro = vi.fn();
    const ours = vi.fn();
    document.getElementById('ro')!.addEventListener('click', ro);
    document.getElementById('ours')!.addEventListener('click', ours);
    remote.handle(msg({ type: 'click', x: 1, y: 1, id: 4 }));
    remote.handle(msg({ type: 'click', x: 1, y: 1, id: 5 }));
    remote.handle(msg({ type: 'input', id: 3, value: 'agent-typed' }));
    expect(ro).not.toHaveBeenCalled();
    expect(ours).not.toHaveBeenCalled();
    expect((document.getElementById('pw') as HTMLInputElement).value).toBe('');
    expect(sent.filter((s) => s.type === 'refused')).toEqual([
      { type: 'refused', of: 'click', reason: 'read-only element' },
      { type: 'refused', of: 'input', reason: 'protected field' },
    ]);
  });

  it('should_announce_agent_navigation_before_it_happens_and_refuse_other_origins', async () => {
    const { remote, msg, signals, sent } = setup(true);
    remote.handle(msg({ type: 'requestWrite' }));
    await tick();
    const navigated = vi.fn();
    const failed = vi.fn();
    signals.agentNavigated.add(navigated);
    signals.navigationFailed.add(failed);
    remote.handle(msg({ type: 'navigate', command: 'url', url: 'https://evil.example/' }));
    expect(failed).toHaveBeenCalledTimes(1);
    expect(navigated).not.toHaveBeenCalled();
    expect(sent).toContainEqual({ type: 'navigationFailed', command: 'url' });
  });

  it('should_refuse_navigation_in_pointer_mode', () => {
    const { remote, msg, sent, signals } = setup(true);
    const navigated = vi.fn();
    signals.agentNavigated.add(navigated);
    remote.handle(msg({ type: 'navigate', command: 'refresh' }));
    expect(navigated).not.toHaveBeenCalled();
    expect(sent).toEqual([{ type: 'refused', of: 'navigate', reason: 'write mode is off' }]);
  });

  it('should_report_a_back_navigation_that_goes_nowhere', async () => {
    const { remote, msg, signals } = setup(true);
    remote.handle(msg({ type: 'requestWrite' }));
    await tick();
    const navigated = vi.fn();
    const failed = vi.fn();
    signals.agentNavigated.add(navigated);
    signals.navigationFailed.add(failed);
    vi.spyOn(window.history, 'forward').mockImplementation(() => undefined);
    remote.handle(msg({ type: 'navigate', command: 'forward' }));
    expect(navigated).toHaveBeenCalledWith({ command: 'forward' });
    await tick(1600);
    expect(failed).toHaveBeenCalledTimes(1);
  });
});
