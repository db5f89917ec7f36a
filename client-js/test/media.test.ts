// @vitest-environment jsdom
// The External Media Adapter contract (the seed's _genesys.cobrowse.primaryMedia), with the built-in UI.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiSignals, createTopContextApi } from '../src/customer/cobrowse-api';
import type { PrimaryMedia } from '../src/customer/config';
import { MediaBridge } from '../src/customer/media';
import { BuiltInUi } from '../src/customer/ui/built-in-ui';

const tick = () => new Promise((r) => setTimeout(r, 0));

function ui(media: PrimaryMedia | undefined, builtInChat = false) {
  const bridge = new MediaBridge(media, builtInChat);
  const signals = new ApiSignals();
  const startSession = vi.fn();
  const api = createTopContextApi(signals, { isBrowserSupported: () => true, startSession, exitSession: vi.fn() });
  new BuiltInUi(document, api, bridge, { setConsentProvider: () => undefined, onWriteModeChanged: () => undefined, revokeWriteMode: () => undefined });
  const root = document.querySelector('[data-gcb-ui=built-in]')!.shadowRoot!;
  return {
    bridge,
    signals,
    startSession,
    launcher: () => root.querySelector<HTMLButtonElement>('.launcher')!,
    dialog: () => root.querySelector('[role=dialog]'),
    button: (text: string) => Array.from(root.querySelectorAll('button')).find((b) => b.textContent === text)!,
    toast: () => root.querySelector('[role=status]')!.textContent,
  };
}

describe('External Media Adapter', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });
  afterEach(() => vi.restoreAllMocks());

  describe('an adapter without any optional method', () => {
    it('should_be_ready_at_once_and_ask_about_phone_or_chat', async () => {
      const u = ui({});
      u.bridge.initialize();
      u.signals.initialized.dispatch(null);
      expect(u.bridge.ready).toBe(true);
      expect(u.bridge.agentPresence()).toBe('unknown');
      expect(u.launcher().hidden).toBe(false);
      u.launcher().click();
      await tick();
      expect(u.dialog()?.textContent).toContain('Are you on the phone or in a chat with a representative?');
      u.button('No').click();
      await tick();
      expect(u.toast()).toContain('Please call us or chat with us first');
      expect(u.startSession).not.toHaveBeenCalled();
    });

    it('should_not_fail_sending_the_token_without_sendCbSessionToken', async () => {
      const bridge = new MediaBridge({});
      bridge.initialize();
      await expect(bridge.sendToken('123456789')).resolves.toBe(false);
    });

    it('should_send_the_token_when_only_sendCbSessionToken_is_there', async () => {
      const media = { sendCbSessionToken: vi.fn() };
      const bridge = new MediaBridge(media);
      bridge.initialize();
      await expect(bridge.sendToken('123456789')).resolves.toBe(true);
      expect(media.sendCbSessionToken).toHaveBeenCalledWith('123456789');
    });
  });

  describe('initializeAsync', () => {
    it('should_be_called_once_per_page_load_and_hold_the_buttons_until_a_late_done', async () => {
      let done: () => void = () => undefined;
      const initializeAsync = vi.fn((d: () => void) => (done = d));
      const media = { initializeAsync, isAgentConnected: () => true, sendCbSessionToken: vi.fn() };
      const u = ui(media);
      u.bridge.initialize();
      u.bridge.initialize();
      expect(initializeAsync).toHaveBeenCalledTimes(1);
      u.signals.initialized.dispatch(null);
      const token = u.bridge.sendToken('123456789'); // a session started before done()
      await tick();
      expect(u.launcher().hidden).toBe(true);
      expect(media.sendCbSessionToken).not.toHaveBeenCalled();
      done();
      done(); // a second done() changes nothing
      expect(u.launcher().hidden).toBe(false);
      await expect(token).resolves.toBe(true);
      expect(media.sendCbSessionToken).toHaveBeenCalledTimes(1);
    });

    it('should_go_on_when_initializeAsync_throws', () => {
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const u = ui({
        initializeAsync: () => {
          throw new Error('boom');
        },
      });
      u.bridge.initialize();
      u.signals.initialized.dispatch(null);
      expect(u.launcher().hidden).toBe(false);
    });

    it('should_warn_when_done_is_late', () => {
      vi.useFakeTimers();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const bridge = new MediaBridge({ initializeAsync: () => undefined });
      bridge.initialize();
      vi.advanceTimersByTime(10000);
      expect(warn.mock.calls[0][0]).toMatch(/initializeAsync has not called done\(\) after 10 s/);
      vi.useRealTimers();
    });
  });

  describe('isAgentConnected', () => {
    it('should_be_checked_before_sendCbSessionToken', async () => {
      let connected = false;
      const media = { isAgentConnected: vi.fn(() => connected), sendCbSessionToken: vi.fn() };
      const bridge = new MediaBridge(media);
      bridge.initialize();
      await expect(bridge.sendToken('123456789')).resolves.toBe(false);
      connected = true;
      await expect(bridge.sendToken('987654321')).resolves.toBe(true);
      expect(media.sendCbSessionToken.mock.calls).toEqual([['987654321']]);
      expect(media.isAgentConnected).toHaveBeenCalledTimes(2);
    });

    it('should_take_an_answer_that_is_not_a_boolean_as_false', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const media = { isAgentConnected: () => 'yes' as unknown as boolean, sendCbSessionToken: vi.fn() };
      const bridge = new MediaBridge(media);
      bridge.initialize();
      expect(bridge.agentPresence()).toBe('notConnected');
      expect(warn.mock.calls[0][0]).toMatch(/must return a boolean, not string/);
      await bridge.sendToken('123456789');
      expect(media.sendCbSessionToken).not.toHaveBeenCalled();
    });

    it('should_take_one_that_throws_as_false', () => {
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const bridge = new MediaBridge({
        isAgentConnected: () => {
          throw new Error('not ready');
        },
      });
      expect(bridge.agentPresence()).toBe('notConnected');
    });

    it('should_ask_the_phone_question_when_false_and_offer_the_chat_when_it_is_the_built_in_one', async () => {
      const u = ui({ isAgentConnected: () => false }, true);
      u.bridge.initialize();
      u.signals.initialized.dispatch(null);
      u.launcher().click();
      await tick();
      expect(u.dialog()?.textContent).toContain('Are you on the phone with a representative?');
      u.button('No').click();
      await tick();
      expect(u.toast()).toContain('Please call us or start a live chat first');
    });

    it('should_start_without_a_question_when_true', async () => {
      const u = ui({ isAgentConnected: () => true });
      u.bridge.initialize();
      u.signals.initialized.dispatch(null);
      u.launcher().click();
      await tick();
      expect(u.dialog()).toBeNull();
      expect(u.startSession).toHaveBeenCalledTimes(1);
    });
  });
});
