// @vitest-environment jsdom
// chatAPI-noDeps.min.js's platform on the real libraries from npm: jQuery, lodash, underscore, CometD.
import * as cometd from 'cometd';
import jquery from 'jquery';
import lodash from 'lodash';
import underscore from 'underscore';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatService, chatServiceApi } from '../src/chat/chat-service';
import { noDepsPlatform } from '../src/chat/nodeps-platform';
import { chatServer } from './chat-fixtures';

const org = { cometd };

describe.each([
  ['lodash', lodash],
  ['underscore', underscore],
])('the noDeps platform with jQuery, %s and CometD', (_name, _) => {
  beforeEach(() => window.sessionStorage.clear());

  it('should_return_jquery_promises_and_use_the_libraries_helpers', async () => {
    const debounce = vi.spyOn(_, 'debounce');
    const sortBy = vi.spyOn(_, 'sortBy');
    const platform = noDepsPlatform({ $: jquery, _, org });
    const { conn, event } = chatServer();
    const api = chatServiceApi(new ChatService({ ...platform, connect: () => conn }, { serverUrl: 'http://cobrowse.test/cobrowse', storageKey: 'k' }));
    const promise = api.startSession({ nickname: 'John' });
    expect(typeof (promise as unknown as { state(): string }).state).toBe('function'); // a jQuery Deferred's promise
    const session = await new Promise<import('../src/chat/chat-service').ChatSessionApi>((resolve) => promise.done(resolve));
    expect(debounce).toHaveBeenCalledWith(expect.any(Function), 5000); // the typing stop
    event({ type: 'message', message: { seq: 1, from: 2, kind: 'text', text: 'hi', time: 1 } });
    expect(sortBy).toHaveBeenCalledWith(expect.any(Array), 'seq');
    expect(session.getMessages().map((m) => m.text)).toEqual(['hi']);
    const sent = session.sendMessage('hello');
    expect((sent as unknown as { state(): string }).state()).toBe('pending');
    await new Promise((resolve) => sent.done(resolve));
    expect((sent as unknown as { state(): string }).state()).toBe('resolved');
  });

  it('should_build_a_connection_on_org_cometd_CometD', () => {
    const created: unknown[] = [];
    class CountedCometD extends cometd.CometD {
      constructor(name?: string) {
        super(name);
        created.push(this);
      }
    }
    const platform = noDepsPlatform({ $: jquery, _, org: { cometd: { ...cometd, CometD: CountedCometD } } });
    platform.connect({ url: 'http://cobrowse.test/cobrowse/cometd', disableWebSockets: true });
    expect(created).toHaveLength(1);
    const instance = created[0] as InstanceType<typeof cometd.CometD>;
    expect(instance.getConfiguration().url).toBe('http://cobrowse.test/cobrowse/cometd');
    expect(instance.getTransportTypes()).not.toContain('websocket');
  });

  it('should_read_json_through_jquery_ajax', async () => {
    const ajax = vi.spyOn(jquery, 'ajax').mockImplementation(((settings: { url: string }) => {
      const d = jquery.Deferred();
      if (settings.url.endsWith('/ok')) d.resolve({ chatId: 'x' });
      else d.reject({ status: 404, responseText: 'No chat has id x\n' });
      return d.promise();
    }) as never);
    const platform = noDepsPlatform({ $: jquery, _, org });
    await expect(platform.getJson('http://cobrowse.test/ok')).resolves.toEqual({ chatId: 'x' });
    await expect(platform.getJson('http://cobrowse.test/missing')).rejects.toEqual({ code: 404, reason: 'No chat has id x' });
    expect(ajax).toHaveBeenCalledWith({ url: 'http://cobrowse.test/ok', dataType: 'json', cache: false });
    ajax.mockRestore();
  });
});

describe('the noDeps platform without its libraries', () => {
  it('should_name_the_missing_library_and_what_to_do', () => {
    expect(() => noDepsPlatform({ _: lodash, org })).toThrow(/needs jQuery \(1\.8\.1 or later\) as the global \$.*chatAPI\.min\.js, which needs nothing/);
    expect(() => noDepsPlatform({ $: jquery, org })).toThrow(/needs underscore \(1\.5\.0 or later\) or lodash \(2\.0\.0 or later\) as the global _/);
    expect(() => noDepsPlatform({ $: jquery, _: lodash })).toThrow(/needs CometD as the global org\.cometd/);
  });

  it('should_refuse_a_cometd_without_remoteCall', () => {
    class OldCometD {
      getTransportTypes() {
        return ['long-polling'];
      }
    }
    const platform = noDepsPlatform({ $: jquery, _: lodash, org: { cometd: { CometD: OldCometD } } });
    expect(() => platform.connect({ url: 'http://x/cometd' })).toThrow(/no remoteCall \(CometD before 3\.1\)/);
  });
});
