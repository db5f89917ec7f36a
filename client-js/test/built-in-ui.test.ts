// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiSignals, createTopContextApi } from '../src/customer/cobrowse-api';
import type { PrimaryMedia } from '../src/customer/config';
import { MediaBridge } from '../src/customer/media';
import { BuiltInUi } from '../src/customer/ui/built-in-ui';

function setup(media?: PrimaryMedia) {
  const signals = new ApiSignals();
  const startSession = vi.fn();
  const api = createTopContextApi(signals, { isBrowserSupported: () => true, startSession, exitSession: vi.fn() });
  const bridge = new MediaBridge(media);
  bridge.initialize();
  new BuiltInUi(document, api, bridge, { setConsentProvider: () => undefined, onWriteModeChanged: () => undefined, revokeWriteMode: () => undefined });
  const root = document.querySelector('[data-gcb-ui=built-in]')!.shadowRoot!;
  const launcher = () => root.querySelector<HTMLButtonElement>('.launcher')!;
  const button = (text: string) => Array.from(root.querySelectorAll('button')).find((b) => b.textContent === text);
  return { signals, startSession, root, launcher, button };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('BuiltInUi', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('should_be_a_service_element_with_an_accessible_launcher', () => {
    const { launcher, signals } = setup();
    signals.initialized.dispatch(null);
    const host = document.querySelector('[data-gcb-ui=built-in]')!;
    expect(host.classList.contains('gcb-service')).toBe(true);
    expect(launcher().hidden).toBe(false);
    expect(launcher().getAttribute('aria-label')).toBe('Start co-browsing with a representative');
  });

  it('should_show_the_buttons_only_after_initializeAsync_is_done', () => {
    let done: () => void = () => undefined;
    const { launcher, signals } = setup({ initializeAsync: (d) => (done = d) });
    signals.initialized.dispatch(null);
    expect(launcher().hidden).toBe(true);
    done();
    expect(launcher().hidden).toBe(false);
  });

  it('should_ask_whether_the_customer_is_on_the_phone_without_a_connected_agent', async () => {
    const { launcher, signals, root, button, startSession } = setup({ isAgentConnected: () => false });
    signals.initialized.dispatch(null);
    launcher().click();
    await tick();
    expect(root.querySelector('[role=dialog]')?.textContent).toContain('Are you on the phone with a representative?');
    button('No')!.click();
    await tick();
    expect(startSession).not.toHaveBeenCalled();
    launcher().click();
    await tick();
    button('Yes')!.click();
    await tick();
    expect(startSession).toHaveBeenCalledTimes(1);
  });

  it('should_start_without_the_question_when_the_primary_media_has_an_agent', async () => {
    const { launcher, signals, root, startSession } = setup({ isAgentConnected: () => true });
    signals.initialized.dispatch(null);
    launcher().click();
    await tick();
    expect(root.querySelector('[role=dialog]')).toBeNull();
    expect(startSession).toHaveBeenCalledTimes(1);
  });

  it('should_show_the_token_then_the_end_reason', () => {
    const { signals, root, launcher } = setup();
    signals.initialized.dispatch(null);
    signals.sessionStarted.dispatch({ token: '123456789', agents: [] });
    const toolbar = root.querySelector<HTMLElement>('.toolbar')!;
    expect(toolbar.hidden).toBe(false);
    expect(toolbar.textContent).toContain('123456789');
    signals.sessionEnded.dispatch({ reason: 'inactivityTimeout' });
    expect(toolbar.hidden).toBe(true);
    expect(launcher().hidden).toBe(false);
    expect(root.querySelector('[role=status]')!.textContent).toContain('No representative joined');
  });
});
