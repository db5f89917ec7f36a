// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MaskPolicy, MaskTracker, PasswordMemory, selectorFor } from '../src/customer/masking';
import { startRecorder, type Recorder } from '../src/customer/recorder';
import type { SessionRules, WireEvent } from '../src/shared/wire';

const CANARIES = {
  password: 'PW-CANARY-1111',
  switched: 'SWITCHED-CANARY-2222',
  hidden: 'HIDDEN-CANARY-3333',
  card: 'CARD-CANARY-4444',
  text: 'TEXT-CANARY-5555',
  later: 'LATER-CANARY-6666',
  typed: 'TYPED-CANARY-7777',
  ccAuto: 'CC-AUTO-CANARY-8888',
  attr: 'ATTR-CANARY-9999',
};

const RULES: SessionRules = {
  v: 1,
  mask: [{ selector: '.sensitive' }, { selector: '#only-on-checkout', url: '/checkout' }],
  readonly: [{ selector: '.agent-readonly' }],
};

const flush = () => new Promise((resolve) => setTimeout(resolve, 60));

describe('MaskPolicy', () => {
  let passwords: PasswordMemory;
  beforeEach(() => {
    document.body.innerHTML = `
      <p class="sensitive" id="balance">12</p>
      <div class="sensitive"><input id="inside"></div>
      <input id="plain">
      <input id="pw" type="password">
      <input id="hidden" type="hidden">
      <input id="cc" autocomplete="cc-number">
      <p id="only-on-checkout">x</p>
      <button class="agent-readonly" id="ro"><span id="ro-child">Buy</span></button>`;
    passwords = new PasswordMemory(document);
  });
  afterEach(() => passwords.stop());

  const $ = (id: string) => document.getElementById(id)!;

  it('should_mask_rule_matches_and_their_descendants', () => {
    const policy = new MaskPolicy(RULES, 'https://shop.example/home', document, passwords);
    expect(policy.isMasked($('balance'))).toBe(true);
    expect(policy.isMasked($('inside'))).toBe(true);
    expect(policy.isMasked($('plain'))).toBe(false);
    expect(policy.maskInput('secret', $('inside'))).toBe('******');
    expect(policy.maskInput('visible', $('plain'))).toBe('visible');
  });

  it('should_apply_url_scoped_rules_only_on_matching_pages', () => {
    expect(new MaskPolicy(RULES, 'https://shop.example/home', document, passwords).isMasked($('only-on-checkout'))).toBe(false);
    expect(new MaskPolicy(RULES, 'https://shop.example/checkout', document, passwords).isMasked($('only-on-checkout'))).toBe(true);
  });

  it('should_always_mask_passwords_hidden_inputs_and_card_fields_without_rules', () => {
    const policy = new MaskPolicy({ v: 1, mask: [], readonly: [] }, 'https://x/', document, passwords);
    expect(policy.isMasked($('pw'))).toBe(true);
    expect(policy.isMasked($('hidden'))).toBe(true);
    expect(policy.isMasked($('cc'))).toBe(true);
    expect(policy.isMasked($('plain'))).toBe(false);
  });

  it('should_keep_masking_a_password_field_switched_to_text', async () => {
    const policy = new MaskPolicy({ v: 1, mask: [], readonly: [] }, 'https://x/', document, passwords);
    ($('pw') as HTMLInputElement).type = 'text';
    await flush();
    expect(policy.isMasked($('pw'))).toBe(true);
  });

  it('should_remember_password_fields_added_later_then_switched', async () => {
    const policy = new MaskPolicy({ v: 1, mask: [], readonly: [] }, 'https://x/', document, passwords);
    const input = document.createElement('input');
    input.type = 'password';
    document.body.appendChild(input);
    await flush();
    input.type = 'text';
    await flush();
    expect(policy.isMasked(input)).toBe(true);
  });

  it('should_make_readonly_rule_matches_readonly_for_the_agent', () => {
    const policy = new MaskPolicy(RULES, 'https://x/', document, passwords);
    expect(policy.isReadonly($('ro-child'))).toBe(true);
    expect(policy.isReadonly($('plain'))).toBe(false);
  });

  it('should_ignore_invalid_selectors_and_patterns', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(selectorFor([{ selector: '[[bad' }, { selector: '.ok' }, { selector: '.x', url: '(' }], 'https://x/', document)).toBe('.ok');
    warn.mockRestore();
  });
});

describe('MaskTracker', () => {
  it('should_report_present_and_later_added_masked_elements_once', async () => {
    document.body.innerHTML = `<p class="sensitive" id="a">1</p><input type="password" id="b"><input id="c">`;
    const passwords = new PasswordMemory(document);
    const policy = new MaskPolicy(RULES, 'https://x/', document, passwords);
    const seen: Element[] = [];
    const tracker = new MaskTracker(document, policy, (el) => seen.push(el));
    tracker.start();
    expect(seen.map((e) => e.id)).toEqual(['a', 'b']);

    const later = document.createElement('div');
    later.innerHTML = '<span class="sensitive" id="d">2</span><input type="hidden" id="e">';
    document.body.appendChild(later);
    await flush();
    document.getElementById('c')!.className = 'sensitive';
    await flush();
    expect(seen.map((e) => e.id)).toEqual(['a', 'b', 'd', 'e', 'c']);
    tracker.stop();
    passwords.stop();
  });
});

describe('capture with masking (canary values never serialised)', () => {
  let recorder: Recorder | null = null;
  let passwords: PasswordMemory;
  afterEach(() => {
    recorder?.stop();
    recorder = null;
    passwords.stop();
  });

  it('should_keep_every_canary_out_of_the_events', async () => {
    document.body.innerHTML = `
      <form>
        <input id="pw" type="password" value="${CANARIES.password}">
        <input id="sw" type="password">
        <input id="hidden" type="hidden" value="${CANARIES.hidden}">
        <input id="card" class="sensitive" value="${CANARIES.card}">
        <input id="cc" autocomplete="cc-number" value="${CANARIES.ccAuto}">
        <input id="name" value="visible-name">
      </form>
      <p class="sensitive" id="balance">${CANARIES.text}</p>`;
    passwords = new PasswordMemory(document);
    // a "show password" toggle before the session starts
    const switched = document.getElementById('sw') as HTMLInputElement;
    switched.value = CANARIES.switched;
    await flush();
    switched.type = 'text';
    await flush();

    const policy = new MaskPolicy(RULES, 'https://shop.example/', document, passwords);
    const events: WireEvent[] = [];
    recorder = startRecorder({ policy, onBatch: (batch) => events.push(...batch), flushMs: 5 });
    await flush();

    // typing into masked fields after the snapshot
    const pw = document.getElementById('pw') as HTMLInputElement;
    pw.value = CANARIES.typed;
    pw.dispatchEvent(new Event('input', { bubbles: true }));
    switched.value = CANARIES.typed + 'x';
    switched.dispatchEvent(new Event('input', { bubbles: true }));
    // a masked element added later, a value attribute changed, a password turned into text now
    const later = document.createElement('p');
    later.className = 'sensitive';
    later.textContent = CANARIES.later;
    document.body.appendChild(later);
    document.getElementById('card')!.setAttribute('value', CANARIES.attr);
    pw.type = 'text';
    pw.value = CANARIES.typed + 'y';
    pw.dispatchEvent(new Event('input', { bubbles: true }));
    const name = document.getElementById('name') as HTMLInputElement;
    name.value = 'still-visible';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    await flush();
    recorder.flush();

    const wire = JSON.stringify(events);
    expect(events.some((e) => e.type === 2)).toBe(true);
    for (const [what, canary] of Object.entries(CANARIES)) {
      expect(wire.includes(canary), `${what} canary leaked`).toBe(false);
    }
    // unmasked data still flows
    expect(wire).toContain('visible-name');
    expect(wire).toContain('still-visible');
  });

  it('should_mask_the_attributes_of_masked_elements_also_when_a_prefilled_field_was_emptied', async () => {
    const prefilled = 'PREFILLED-CANARY-1212';
    const titled = 'TITLE-CANARY-3434';
    document.body.innerHTML = `
      <div id="box"><input id="ref" class="sensitive" value="${prefilled}"></div>
      <input id="pw" type="password" value="${CANARIES.password}">
      <p class="sensitive" title="${titled}" aria-label="${titled}">${CANARIES.text}</p>
      <input id="plain" value="visible-prefilled" title="visible-title">
      <input id="choice" type="checkbox" class="sensitive" value="page-choice-value">
      <div id="target"></div>`;
    passwords = new PasswordMemory(document);
    // the customer empties the pre-filled masked fields before any snapshot
    (document.getElementById('ref') as HTMLInputElement).value = '';
    (document.getElementById('pw') as HTMLInputElement).value = '';
    const policy = new MaskPolicy(RULES, 'https://shop.example/', document, passwords);
    const events: WireEvent[] = [];
    recorder = startRecorder({ policy, onBatch: (batch) => events.push(...batch), flushMs: 5 });
    await flush();
    // a new snapshot (agent resync) and the field moved by a script (an added node)
    recorder.takeFullSnapshot();
    document.getElementById('target')!.appendChild(document.getElementById('ref')!);
    document.getElementById('target')!.appendChild(document.getElementById('pw')!);
    await flush();
    recorder.flush();

    const wire = JSON.stringify(events);
    expect(events.filter((e) => e.type === 2)).toHaveLength(2);
    expect(wire).toContain('"source":0'); // the move was captured
    for (const canary of [prefilled, titled, CANARIES.password, CANARIES.text]) expect(wire.includes(canary), canary).toBe(false);
    // the agent sees the fields as they are (empty), unmasked attributes still flow
    const values = [...wire.matchAll(/"id":"ref","class":"sensitive","value":"([^"]*)"/g)].map((m) => m[1]);
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(new Set(values)).toEqual(new Set(['']));
    expect(wire).toContain('visible-prefilled');
    expect(wire).toContain('visible-title');
    expect(wire).toContain('page-choice-value'); // a checkbox's value is the page's (rrweb sends it as is)
  });

  it('should_flag_the_first_batch_of_a_page_as_a_snapshot', async () => {
    document.body.innerHTML = '<p>hello</p>';
    passwords = new PasswordMemory(document);
    const policy = new MaskPolicy({ v: 1, mask: [], readonly: [] }, 'https://x/', document, passwords);
    const batches: { events: WireEvent[]; snapshot: boolean }[] = [];
    recorder = startRecorder({ policy, onBatch: (events, snapshot) => batches.push({ events, snapshot }), flushMs: 5 });
    await flush();
    expect(batches[0].snapshot).toBe(true);
    expect(batches[0].events[0].type).toBe(4); // Meta first
    expect(batches[0].events.some((e) => e.type === 2)).toBe(true);
    document.body.appendChild(document.createElement('div'));
    await flush();
    expect(batches[batches.length - 1].snapshot).toBe(false);
  });

  it('should_send_an_event_after_a_quiet_period_at_once_and_throttle_the_ones_after_it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      document.body.innerHTML = '<p>hello</p>';
      passwords = new PasswordMemory(document);
      const policy = new MaskPolicy({ v: 1, mask: [], readonly: [] }, 'https://x/', document, passwords);
      const batches: WireEvent[][] = [];
      recorder = startRecorder({ policy, onBatch: (events) => batches.push(events), flushMs: 1000 });
      expect(batches).toHaveLength(1); // the snapshot leaves at once
      const mutate = async () => {
        document.body.appendChild(document.createElement('div'));
        for (let i = 0; i < 5; i++) await Promise.resolve(); // the MutationObserver's microtask
      };

      await mutate(); // within flushMs of the snapshot: waits for the rest of it
      vi.advanceTimersByTime(990);
      expect(batches).toHaveLength(1);
      vi.advanceTimersByTime(20);
      expect(batches).toHaveLength(2);

      vi.advanceTimersByTime(5000); // quiet
      await mutate();
      await mutate(); // the same burst
      vi.advanceTimersByTime(0);
      expect(batches).toHaveLength(3);
      await mutate();
      vi.advanceTimersByTime(999);
      expect(batches).toHaveLength(3);
      vi.advanceTimersByTime(1);
      expect(batches).toHaveLength(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
