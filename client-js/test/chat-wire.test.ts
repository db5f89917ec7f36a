import { describe, expect, it } from 'vitest';
import { chatRequest, readChatEvent, readQueueChange, readSent, readView, sharedCobrowseToken } from '../src/chat/chat-wire';
import { WireError } from '../src/shared/wire';
import { message, view } from './chat-fixtures';

describe('chat wire', () => {
  it('should_put_requests_in_the_v1_envelope', () => {
    expect(chatRequest({ userToken: 't', text: 'hi' })).toEqual({ v: 1, userToken: 't', text: 'hi' });
  });

  it('should_refuse_another_version_with_what_to_do', () => {
    expect(() => readView({ ...view(), v: 2 })).toThrow(WireError);
    expect(() => readChatEvent({ v: 2, type: 'message', chatId: 'x' })).toThrow(/wire version 2 is not supported.*deploy matching versions/);
    expect(() => readQueueChange({ type: 'added', seq: 1 })).toThrow(/wire version undefined/);
  });

  it('should_read_a_view_and_drop_malformed_members_and_messages', () => {
    const v = readView({ ...view(), members: [{ userId: 1, role: 'customer', online: true }, { userId: 'x' }], messages: [message(1, 1, 'a'), { seq: 'no' }] });
    expect(v.members).toHaveLength(1);
    expect(v.messages).toEqual([message(1, 1, 'a')]);
    expect(() => readView({ v: 1, chatId: 'x' })).toThrow(/"chatId", "userToken" and "userId" are required/);
  });

  it('should_ignore_unknown_event_and_change_types_and_check_known_ones', () => {
    expect(readChatEvent({ v: 1, type: 'reaction', chatId: 'x' })).toBeNull();
    expect(() => readChatEvent({ v: 1, type: 'message', chatId: 'x' })).toThrow(/"message" is missing/);
    expect(readQueueChange({ v: 1, type: 'moved', seq: 3 })).toBeNull();
    expect(readQueueChange({ v: 1, type: 'removed', seq: 3, chatId: 'x', cause: 'ended' })).toMatchObject({ chatId: 'x' });
    expect(() => readSent({ v: 1 })).toThrow(/"message" is missing/);
  });

  it('should_find_the_shared_cobrowse_token_of_cobrowse_messages_only', () => {
    expect(sharedCobrowseToken(message(1, 1, '{start:123456789}', { kind: 'cobrowse', sessionToken: '123456789' }))).toBe('123456789');
    expect(sharedCobrowseToken(message(1, 2, '{start:123456789}'))).toBeNull();
    expect(sharedCobrowseToken(message(1, 1, 'x', { kind: 'cobrowse', sessionToken: '12' }))).toBeNull();
  });
});
