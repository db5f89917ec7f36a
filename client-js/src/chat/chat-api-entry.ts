/**
 * Entry point of chatAPI.min.js: the Chat Service API as the global `chat`, with everything it
 * needs bundled (CometD included). The server is where the script came from, unless
 * `startSession({serverUrl})` says otherwise.
 */
import { CHAT_API_SCRIPT, findOwnScriptSrc, serverLocationFromScript } from '../shared/server-url';
import { builtinPlatform } from './builtin-platform';
import { ChatService, chatServiceApi } from './chat-service';

const src = typeof document !== 'undefined' ? findOwnScriptSrc(document, CHAT_API_SCRIPT) : null;
const server = src ? serverLocationFromScript(src, CHAT_API_SCRIPT) : null;
(window as unknown as { chat: unknown }).chat = chatServiceApi(new ChatService(builtinPlatform, { serverUrl: server?.base ?? null, storageKey: 'gcb.chatApi' }));
