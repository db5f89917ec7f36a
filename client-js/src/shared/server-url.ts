/**
 * Where the Tandem server is: the origin (and context path) of the script that loaded us.
 * The instrumented site is on another origin, so the page's own location is of no use.
 */
/** The customer application's script, gcb.min.js. */
export const GCB_SCRIPT = /\/js\/gcb(\.min)?\.js(\?.*)?$/;
/** The Chat Service API bundles, chatAPI.min.js and chatAPI-noDeps.min.js. */
export const CHAT_API_SCRIPT = /\/js\/chatAPI(-noDeps)?(\.min)?\.js(\?.*)?$/;

export interface ServerLocation {
  /** e.g. https://cobrowse.example.com/cobrowse */
  base: string;
  bayeux: string;
  /** The CSS proxy's URL for a stylesheet; the proxy serves members of a live session only. */
  cssProxy(sheetUrl: string, userToken: string): string;
  /** A chat's transcript in the history store (`GET …/rest/history/chats/{chatId}`). */
  transcript(chatId: string): string;
}

export function serverLocationFromBase(base: string): ServerLocation {
  const clean = base.replace(/\/+$/, '');
  return {
    base: clean,
    bayeux: clean + '/cometd',
    cssProxy: (sheetUrl, userToken) =>
      clean + '/rest/css?url=' + encodeURIComponent(sheetUrl) + '&userToken=' + encodeURIComponent(userToken),
    transcript: (chatId) => clean + '/rest/history/chats/' + encodeURIComponent(chatId),
  };
}

/**
 * From a server URL as an integrator writes it: the base (`https://host:8700/cobrowse`) or the
 * Bayeux endpoint (`…/cobrowse/cometd`), with or without a trailing slash. Null when not http(s).
 */
export function serverLocationFromUrl(serverUrl: string, base?: string): ServerLocation | null {
  let url: URL;
  try {
    url = new URL(serverUrl, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/cometd$/, '');
  return serverLocationFromBase(url.origin + path);
}

/** From the script URL: https://host:8700/cobrowse/js/gcb.min.js → https://host:8700/cobrowse */
export function serverLocationFromScript(src: string, script: RegExp = GCB_SCRIPT): ServerLocation | null {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const path = url.pathname.replace(script, '');
  if (path === url.pathname) return null;
  return serverLocationFromBase(url.origin + path);
}

/** Finds our own script element: `document.currentScript`, else the last such script on the page. */
export function findOwnScriptSrc(doc: Document, script: RegExp = GCB_SCRIPT): string | null {
  const current = doc.currentScript as HTMLScriptElement | null;
  if (current?.src && script.test(new URL(current.src, doc.baseURI).pathname)) return current.src;
  const scripts = Array.from(doc.querySelectorAll<HTMLScriptElement>('script[src]')).filter((s) => {
    try {
      return script.test(new URL(s.src, doc.baseURI).pathname);
    } catch {
      return false;
    }
  });
  return scripts.length ? scripts[scripts.length - 1].src : null;
}
