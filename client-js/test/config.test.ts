import { afterEach, describe, expect, it, vi } from 'vitest';
import { readGlobalConfig } from '../src/customer/config';
import { runOnReady } from '../src/customer/on-ready';

afterEach(() => vi.restoreAllMocks());

describe('readGlobalConfig', () => {
  it('should_use_the_seed_defaults_when_nothing_is_configured', () => {
    const config = readGlobalConfig({});
    expect(config.source).toBeNull();
    expect(config.cobrowse).toEqual({
      disableBuiltInUI: false,
      primaryMedia: undefined,
      css: { server: true, browser: false },
      maxOfflineDuration: 600,
      disableWebSockets: false,
      onReady: undefined,
    });
  });

  it('should_read_every_option_from__genesys', () => {
    const media = { isAgentConnected: () => true };
    const onReady = () => undefined;
    const config = readGlobalConfig({
      _genesys: {
        cobrowse: { disableBuiltInUI: true, primaryMedia: media, css: { server: true, browser: true }, maxOfflineDuration: 120, disableWebSockets: true, onReady },
      },
    });
    expect(config.source).toBe('_genesys');
    expect(config.cobrowse).toEqual({
      disableBuiltInUI: true,
      primaryMedia: media,
      css: { server: true, browser: true },
      maxOfflineDuration: 120,
      disableWebSockets: true,
      onReady,
    });
  });

  it('should_accept_the_deprecated__gcb_with_a_warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const config = readGlobalConfig({ _gcb: { cobrowse: { disableWebSockets: true } } });
    expect(config.source).toBe('_gcb');
    expect(config.cobrowse.disableWebSockets).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('deprecated'));
  });

  it('should_prefer__genesys_over__gcb', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const config = readGlobalConfig({ _genesys: { cobrowse: { maxOfflineDuration: 10 } }, _gcb: { cobrowse: { maxOfflineDuration: 20 } } });
    expect(config.source).toBe('_genesys');
    expect(config.cobrowse.maxOfflineDuration).toBe(10);
  });

  it('should_take_browser_strategy_alone_when_only_browser_is_set', () => {
    expect(readGlobalConfig({ _genesys: { cobrowse: { css: { browser: true } } } }).cobrowse.css).toEqual({ server: false, browser: true });
    expect(readGlobalConfig({ _genesys: { cobrowse: { css: { server: false } } } }).cobrowse.css).toEqual({ server: false, browser: false });
  });

  it('should_fall_back_to_defaults_for_invalid_values', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const config = readGlobalConfig({ _genesys: { cobrowse: { maxOfflineDuration: -5, disableBuiltInUI: 'yes', primaryMedia: 42, onReady: 'x' } } });
    expect(config.cobrowse.maxOfflineDuration).toBe(600);
    expect(config.cobrowse.disableBuiltInUI).toBe(false);
    expect(config.cobrowse.primaryMedia).toBeUndefined();
    expect(config.cobrowse.onReady).toBeUndefined();
  });

  it('should_read_the_chat_section_as_in_the_seeds_example', () => {
    const onReady = vi.fn();
    expect(readGlobalConfig({ _genesys: { chat: { autoRestore: false, onReady } } }).chat).toEqual({ autoRestore: false, disableBuiltInUI: false, onReady });
    expect(readGlobalConfig({}).chat).toEqual({ autoRestore: true, disableBuiltInUI: false, onReady: undefined });
  });

  it('should_read_the_top_level_onReady', () => {
    const hooks: unknown[] = [];
    expect(readGlobalConfig({ _genesys: { onReady: hooks } }).onReady).toBe(hooks);
  });
});

describe('runOnReady', () => {
  const apis = { cobrowse: {}, chat: {} };

  it('should_call_a_function_with_the_APIs_and_isTopContext', () => {
    const fn = vi.fn();
    runOnReady(fn, apis, true);
    expect(fn).toHaveBeenCalledWith(apis, true);
  });

  it('should_call_every_function_already_in_the_array', () => {
    const a = vi.fn();
    const b = vi.fn();
    runOnReady([a, b], apis, false);
    expect(a).toHaveBeenCalledWith(apis, false);
    expect(b).toHaveBeenCalledWith(apis, false);
  });

  it('should_call_functions_pushed_later_at_once', () => {
    const onReady: unknown[] = [];
    const genesys = { onReady };
    runOnReady(genesys.onReady, apis, true);
    const later = vi.fn();
    const length = genesys.onReady.push(later);
    expect(later).toHaveBeenCalledWith(apis, true);
    expect(length).toBe(1);
  });

  it('should_not_call_earlier_functions_again_on_a_later_push', () => {
    const first = vi.fn();
    const onReady: unknown[] = [first];
    runOnReady(onReady, apis, true);
    onReady.push(vi.fn());
    expect(first).toHaveBeenCalledTimes(1);
  });

  it('should_survive_a_throwing_callback', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = vi.fn();
    runOnReady(
      [
        () => {
          throw new Error('boom');
        },
        after,
      ],
      apis,
      true,
    );
    expect(after).toHaveBeenCalled();
    expect(error).toHaveBeenCalled();
  });
});
