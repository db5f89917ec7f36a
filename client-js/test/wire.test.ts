import { describe, expect, it } from 'vitest';
import { WIRE_VERSION, WireError, controlEnvelope, readControl, readRules, readStream, streamEnvelope, toEndReason } from '../src/shared/wire';
import { parseBayeuxError } from '../src/shared/bayeux';
import { serverLocationFromScript } from '../src/shared/server-url';

describe('wire envelope', () => {
  it('should_build_versioned_stream_envelopes', () => {
    expect(streamEnvelope(3, [], false)).toEqual({ v: WIRE_VERSION, seq: 3, events: [] });
    expect(streamEnvelope(1, [], true)).toEqual({ v: WIRE_VERSION, seq: 1, events: [], snapshot: true });
    expect(controlEnvelope({ type: 'requestWrite' })).toEqual({ v: WIRE_VERSION, type: 'requestWrite' });
  });

  it('should_read_a_stream_message_of_our_version', () => {
    const msg = readStream({ v: 1, seq: 2, events: [{ type: 3, data: {}, timestamp: 1 }], replay: true });
    expect(msg.replay).toBe(true);
  });

  it('should_refuse_another_version_with_a_clear_message', () => {
    expect(() => readStream({ v: 2, seq: 1, events: [] })).toThrow(WireError);
    expect(() => readStream({ v: 2, seq: 1, events: [] })).toThrow(/version 2 is not supported.*version 1.*different releases/);
    expect(() => readControl({ type: 'pointer', x: 1, y: 1 })).toThrow(/version undefined/);
    expect(() => readRules({ v: 0, mask: [] })).toThrow(WireError);
  });

  it('should_refuse_malformed_messages', () => {
    expect(() => readStream(null)).toThrow(WireError);
    expect(() => readStream({ v: 1, seq: 'x', events: [] })).toThrow(WireError);
    expect(() => readStream({ v: 1, seq: 1, events: [{ data: 1 }] })).toThrow(WireError);
    expect(() => readControl({ v: 1 })).toThrow(WireError);
  });

  it('should_keep_only_usable_rule_entries', () => {
    const rules = readRules({ v: 1, mask: [{ selector: '.a' }, { nope: 1 }, { selector: '.b', url: 'x' }], readonly: 'bad', frameOrigins: ['https://pay.example', 3] });
    expect(rules).toEqual({ v: 1, mask: [{ selector: '.a' }, { selector: '.b', url: 'x' }], readonly: [], frameOrigins: ['https://pay.example'] });
  });

  it('should_map_end_reasons', () => {
    expect(toEndReason('inactivityTimeout')).toBe('inactivityTimeout');
    expect(toEndReason('weird')).toBe('external');
    expect(toEndReason(undefined, 'error')).toBe('error');
  });

  it('should_parse_bayeux_errors', () => {
    const error = parseBayeuxError('/service/session/join', '404::session not found');
    expect(error.code).toBe(404);
    expect(error.reason).toBe('session not found');
    expect(parseBayeuxError('/x', undefined).reason).toBe('no reason given');
  });
});

describe('server location', () => {
  it('should_derive_the_server_from_the_script_url', () => {
    const server = serverLocationFromScript('https://cb.example.com:8700/cobrowse/js/gcb.min.js?v=1')!;
    expect(server.base).toBe('https://cb.example.com:8700/cobrowse');
    expect(server.bayeux).toBe('https://cb.example.com:8700/cobrowse/cometd');
    expect(server.cssProxy('https://site.example/a b.css', 'tok-1_x')).toBe(
      'https://cb.example.com:8700/cobrowse/rest/css?url=https%3A%2F%2Fsite.example%2Fa%20b.css&userToken=tok-1_x',
    );
  });

  it('should_refuse_urls_that_are_not_ours', () => {
    expect(serverLocationFromScript('https://cb.example.com/other.js')).toBeNull();
    expect(serverLocationFromScript('javascript:alert(1)//js/gcb.min.js')).toBeNull();
    expect(serverLocationFromScript('not a url')).toBeNull();
  });
});

describe('utf8Length', () => {
  it('should_count_utf8_bytes_as_the_server_does', async () => {
    const { utf8Length } = await import('../src/shared/wire');
    for (const text of ['', 'abc', 'é', '€uro', '😀 and 😀', '\ud800 lone surrogate']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
