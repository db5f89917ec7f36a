// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiSignals } from '../src/customer/cobrowse-api';
import { readCobrowseConfig } from '../src/customer/config';
import { PasswordMemory } from '../src/customer/masking';
import { MediaBridge } from '../src/customer/media';
import { CustomerSession } from '../src/customer/session';
import { SessionStore } from '../src/customer/session-store';
import { parseBayeuxError } from '../src/shared/cometd-connection';
import { serverLocationFromBase } from '../src/shared/server-url';
import { STREAM_MESSAGE_LIMIT_BYTES } from '../src/shared/wire';
import { FakeConnection } from './fake-connection';

const until = async (condition: () => boolean, what: string) => {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function setup(options: { config?: object; storage?: Storage; handlers?: Record<string, (d: Record<string, unknown>) => unknown> } = {}) {
  const conn = new FakeConnection({
    '/service/session/create': () => ({ sessionToken: '123456789' }),
    '/service/session/join': (d) => ({ userToken: d.userToken ?? 'master-token', userId: 1, users: [{ userId: '1', role: 1 }] }),
    '/service/session/rules': () => ({ v: 1, mask: [{ selector: '.sensitive' }], readonly: [] }),
    ...options.handlers,
  });
  const signals = new ApiSignals();
  const config = readCobrowseConfig({ css: { server: false }, ...options.config });
  const storage = options.storage ?? window.sessionStorage;
  const passwords = new PasswordMemory(document);
  const media = new MediaBridge(config.primaryMedia);
  media.initialize();
  const session = new CustomerSession({
    win: window,
    doc: document,
    config,
    server: serverLocationFromBase('http://cobrowse.test/cobrowse'),
    signals,
    store: new SessionStore(storage, config.maxOfflineDuration * 1000),
    passwords,
    media,
    connect: () => conn,
    isBrowserSupported: () => true,
    consent: () => null,
    onWriteMode: () => undefined,
  });
  return { conn, signals, session, passwords };
}

describe('CustomerSession', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
    document.body.innerHTML = '<p class="sensitive">secret</p><input id="f">';
  });
  afterEach(() => vi.restoreAllMocks());

  it('should_initialize_without_a_session_when_none_is_stored', async () => {
    const { signals, session } = setup();
    const initialized = vi.fn();
    signals.initialized.add(initialized);
    await session.initialize();
    expect(initialized).toHaveBeenCalledWith(null);
  });

  it('should_create_join_as_master_fetch_rules_report_the_page_and_stream', async () => {
    const { conn, signals, session } = setup();
    const started = vi.fn();
    const masked = vi.fn();
    signals.sessionStarted.add(started);
    signals.maskedElement.add(masked);
    session.startSession();
    await until(() => started.mock.calls.length === 1, 'onSessionStarted');
    expect(started.mock.calls[0][0]).toEqual({ token: '123456789', agents: [] });
    expect(conn.callsTo('/service/session/join')[0].data).toEqual({ sessionToken: '123456789', role: 1 });
    expect(conn.callsTo('/service/session/page')[0].data).toEqual({ userToken: 'master-token', url: window.location.href });
    expect(masked).toHaveBeenCalledTimes(1);
    await until(() => conn.callsTo('/service/session/stream').length > 0, 'the first stream batch');
    const first = conn.callsTo('/service/session/stream')[0].data;
    expect(first).toMatchObject({ userToken: 'master-token', v: 1, seq: 1, snapshot: true });
    expect(JSON.stringify(first)).not.toContain('secret');
    expect(JSON.parse(window.sessionStorage.getItem('gcb.session')!)).toMatchObject({ token: '123456789', userToken: 'master-token' });
  });

  it('should_not_take_a_second_snapshot_for_a_resync_while_one_is_on_its_way', async () => {
    let release: (() => void) | null = null;
    const { conn, session, signals } = setup({
      handlers: {
        '/service/session/stream': (d) => (d.snapshot ? new Promise<object>((resolve) => (release = () => resolve({}))) : {}),
      },
    });
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => conn.callsTo('/service/session/stream').length === 1, 'the first snapshot batch');
    const snapshots = () => conn.callsTo('/service/session/stream').filter((c) => c.data.snapshot === true).length;
    // an agent joined before the snapshot reached the server: the server asks for one (a snapshot
    // would be taken and sent synchronously, within push)
    conn.push('/service/session/control', { v: 1, type: 'resync', from: 'server' });
    expect(snapshots()).toBe(1);
    release!();
    await new Promise((r) => setTimeout(r, 0)); // the answer's callbacks
    // once it arrived, a resync takes a new one
    conn.push('/service/session/control', { v: 1, type: 'resync', from: '2' });
    expect(snapshots()).toBe(2);
    release!();
  });

  it('should_not_warn_about_a_page_update_that_crossed_the_end_of_the_session', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    let answer = '410::Gone:The co-browse session has ended; this page update is not passed on';
    const { conn, signals, session } = setup({
      handlers: {
        '/service/session/stream': (d) => {
          if (d.snapshot) return {};
          throw parseBayeuxError('/service/session/stream', answer);
        },
      },
    });
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => conn.callsTo('/service/session/stream').length === 1, 'the snapshot');
    document.body.appendChild(document.createElement('p'));
    await until(() => debug.mock.calls.some(([m]) => m === 'Co-browse: a page update crossed the end of the session'), 'the quiet note');
    expect(warn).not.toHaveBeenCalled();
    // any other refusal is a problem worth a warning
    answer = '403::Forbidden:No snapshot of this page reached the agents yet';
    document.body.appendChild(document.createElement('p'));
    await until(() => warn.mock.calls.some(([m]) => m === 'Co-browse: a page update was not delivered'), 'the warning');
  });

  it('should_announce_agents_with_memory', async () => {
    const { conn, signals, session } = setup();
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => started.mock.calls.length === 1, 'start');
    conn.push('/service/session/joined', { userId: '2', role: 2, name: 'Bob' });
    conn.push('/service/session/joined', { userId: '3', role: 3 }); // a controller is no agent
    const late = vi.fn();
    signals.agentJoined.add(late);
    expect(late).toHaveBeenCalledTimes(1);
    expect(late.mock.calls[0][0]).toEqual({});
    expect(late.mock.calls[0][1]).toEqual({ token: '123456789', agents: [{}] });
  });

  it('should_end_with_the_reason_of_the_deactivation', async () => {
    const { conn, signals, session } = setup();
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => started.mock.calls.length === 1, 'start');
    const ended = vi.fn();
    signals.sessionEnded.add(ended);
    conn.push('/service/session/deactivated', { activationTime: 1, deactivationTime: 2 }, { tandem: { reason: 'inactivityTimeout' } });
    await until(() => ended.mock.calls.length === 1, 'onSessionEnded');
    expect(ended).toHaveBeenCalledWith({ reason: 'inactivityTimeout' });
    expect(window.sessionStorage.getItem('gcb.session')).toBeNull();
    expect(conn.disconnected).toBe(true);
  });

  it('should_exit_with_reason_self_once', async () => {
    const { conn, signals, session } = setup();
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => started.mock.calls.length === 1, 'start');
    const ended = vi.fn();
    signals.sessionEnded.add(ended);
    session.exitSession();
    await until(() => ended.mock.calls.length === 1, 'onSessionEnded');
    // a late deactivation: whatever ending it starts has finished before the check, no fixed wait
    const end = vi.spyOn(session as unknown as { end(reason: string): Promise<void> }, 'end');
    conn.push('/service/session/deactivated', {}, { tandem: { reason: 'self' } });
    await Promise.all(end.mock.results.map((r) => r.value));
    expect(ended.mock.calls).toEqual([[{ reason: 'self' }]]);
    expect(conn.callsTo('/service/session/exit')[0].data).toEqual({ userToken: 'master-token' });
  });

  it('should_resume_a_stored_session_with_its_userToken', async () => {
    window.sessionStorage.setItem('gcb.session', JSON.stringify({ token: '555555555', userToken: 'kept', timestamp: Date.now() - 1000 }));
    const { conn, signals, session } = setup();
    const initialized = vi.fn();
    const started = vi.fn();
    signals.initialized.add(initialized);
    signals.sessionStarted.add(started);
    await session.initialize();
    expect(conn.callsTo('/service/session/join')[0].data).toEqual({ sessionToken: '555555555', role: 1, userToken: 'kept' });
    expect(initialized).toHaveBeenCalledWith({ token: '555555555', agents: [] });
    expect(started).not.toHaveBeenCalled();
  });

  it('should_end_by_timeout_when_the_stored_session_is_too_old', async () => {
    window.sessionStorage.setItem('gcb.session', JSON.stringify({ token: '555555555', userToken: 'kept', timestamp: Date.now() - 601_000 }));
    const { conn, signals, session } = setup();
    const initialized = vi.fn();
    const ended = vi.fn();
    signals.initialized.add(initialized);
    signals.sessionEnded.add(ended);
    await session.initialize();
    expect(initialized).toHaveBeenCalledWith(null);
    expect(ended).toHaveBeenCalledWith({ reason: 'timeout' });
    expect(conn.calls).toEqual([]);
  });

  it('should_end_by_timeout_when_the_server_no_longer_knows_the_session', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    window.sessionStorage.setItem('gcb.session', JSON.stringify({ token: '555555555', userToken: 'kept', timestamp: Date.now() }));
    const { signals, session } = setup({
      handlers: {
        '/service/session/join': () => {
          throw new Error('404::session not found');
        },
      },
    });
    const ended = vi.fn();
    signals.sessionEnded.add(ended);
    await session.initialize();
    expect(ended).toHaveBeenCalledWith({ reason: 'timeout' });
  });

  it('should_send_the_token_through_the_primary_media_when_an_agent_is_connected', async () => {
    const media = { isAgentConnected: () => true, sendCbSessionToken: vi.fn() };
    const { signals, session } = setup({ config: { primaryMedia: media } });
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => started.mock.calls.length === 1, 'start');
    expect(media.sendCbSessionToken).toHaveBeenCalledWith('123456789');
  });

  it('should_not_send_the_token_when_no_agent_is_connected', async () => {
    const media = { isAgentConnected: () => false, sendCbSessionToken: vi.fn() };
    const { signals, session } = setup({ config: { primaryMedia: media } });
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => started.mock.calls.length === 1, 'start');
    expect(media.sendCbSessionToken).not.toHaveBeenCalled();
  });

  it('should_tell_the_agents_instead_of_sending_a_snapshot_above_the_servers_limit', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const huge = document.createElement('pre');
    huge.textContent = 'x'.repeat(8 * 1024 * 1024);
    document.body.appendChild(huge);
    const { conn, signals, session } = setup();
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => conn.callsTo('/service/session/control').length === 1, 'the control message');
    const control = conn.callsTo('/service/session/control')[0].data;
    expect(control).toMatchObject({ userToken: 'master-token', v: 1, type: 'snapshotTooLarge', limit: STREAM_MESSAGE_LIMIT_BYTES });
    expect(control.bytes as number).toBeGreaterThan(8 * 1024 * 1024);
    expect(conn.callsTo('/service/session/stream')).toHaveLength(0);
    // increments of a page the agents do not have are not sent either: wait until the recorder handed
    // the increment over, then check that nothing went out
    const batches = vi.spyOn(session as unknown as { sendBatch(events: unknown[], snapshot: boolean): void }, 'sendBatch');
    document.body.appendChild(document.createElement('p'));
    await until(() => batches.mock.calls.some(([, snapshot]) => snapshot === false), 'the increment handed to the session');
    expect(conn.callsTo('/service/session/stream')).toHaveLength(0);
    // the page shrinks and an agent asks again: the snapshot goes out
    huge.remove();
    conn.push('/service/session/control', { v: 1, type: 'resync', from: '2' });
    await until(() => conn.callsTo('/service/session/stream').length > 0, 'the snapshot');
    expect(conn.callsTo('/service/session/stream')[0].data).toMatchObject({ seq: 1, snapshot: true });
  });

  it('should_send_the_token_only_once_the_media_is_initialised', async () => {
    let done: () => void = () => undefined;
    const media = { initializeAsync: (d: () => void) => (done = d), isAgentConnected: () => true, sendCbSessionToken: vi.fn() };
    const { signals, session } = setup({ config: { primaryMedia: media } });
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => started.mock.calls.length === 1, 'start');
    expect(media.sendCbSessionToken).not.toHaveBeenCalled();
    done();
    expect(media.sendCbSessionToken).toHaveBeenCalledWith('123456789');
  });

  it('should_end_with_error_when_creation_fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { signals, session } = setup({
      handlers: {
        '/service/session/create': () => {
          throw new Error('500::boom');
        },
      },
    });
    const ended = vi.fn();
    signals.sessionEnded.add(ended);
    session.startSession();
    await until(() => ended.mock.calls.length === 1, 'onSessionEnded');
    expect(ended).toHaveBeenCalledWith({ reason: 'error' });
  });

  it('should_refuse_write_mode_without_a_consent_ui_and_ignore_unknown_versions', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { conn, signals, session } = setup();
    const started = vi.fn();
    signals.sessionStarted.add(started);
    session.startSession();
    await until(() => started.mock.calls.length === 1, 'start');
    conn.push('/service/session/control', { v: 99, type: 'requestWrite', from: '2' });
    conn.push('/service/session/control', { v: 1, type: 'requestWrite', from: '2' });
    await until(() => conn.callsTo('/service/session/control').length === 1, 'the answer');
    expect(conn.callsTo('/service/session/control')[0].data).toEqual({ userToken: 'master-token', v: 1, type: 'writeDenied' });
  });
});
