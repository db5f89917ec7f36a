/**
 * Entry point of chatAPI-noDeps.min.js: the Chat Service API as the global `chat`, on the page's
 * own jQuery (`$`), underscore or lodash (`_`) and CometD (`org.cometd`), which must be loaded
 * first. Without them it says which is missing, in the console and in `chat.error`.
 */
import { CHAT_API_SCRIPT, findOwnScriptSrc, serverLocationFromScript } from '../shared/server-url';
import { ChatService, chatServiceApi } from './chat-service';
import { noDepsPlatform, type NoDepsGlobals } from './nodeps-platform';

const src = typeof document !== 'undefined' ? findOwnScriptSrc(document, CHAT_API_SCRIPT) : null;
const server = src ? serverLocationFromScript(src, CHAT_API_SCRIPT) : null;
const target = window as unknown as NoDepsGlobals & { chat: unknown };
try {
  target.chat = chatServiceApi(new ChatService(noDepsPlatform(target), { serverUrl: server?.base ?? null, storageKey: 'gcb.chatApi' }));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  target.chat = Object.freeze({ error: error instanceof Error ? error.message : String(error) });
}
