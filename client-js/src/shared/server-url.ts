/**
 * Where the Tandem server is: the origin (and context path) of the script that loaded us.
 * The instrumented site is on another origin, so the page's own location is of no use.
 */
const SCRIPT_PATH = /\/js\/gcb(\.min)?\.js(\?.*)?$/;

export interface ServerLocation {
  /** e.g. https://cobrowse.example.com/cobrowse */
  base: string;
  bayeux: string;
  /** The CSS proxy's URL for a stylesheet; the proxy serves members of a live session only. */
  cssProxy(sheetUrl: string, userToken: string): string;
}

export function serverLocationFromBase(base: string): ServerLocation {
  const clean = base.replace(/\/+$/, '');
  return {
    base: clean,
    bayeux: clean + '/cometd',
    cssProxy: (sheetUrl, userToken) =>
      clean + '/rest/css?url=' + encodeURIComponent(sheetUrl) + '&userToken=' + encodeURIComponent(userToken),
  };
}

/** From the script URL: https://host:8700/cobrowse/js/gcb.min.js → https://host:8700/cobrowse */
export function serverLocationFromScript(src: string): ServerLocation | null {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const path = url.pathname.replace(SCRIPT_PATH, '');
  if (path === url.pathname) return null;
  return serverLocationFromBase(url.origin + path);
}

/** Finds our own script element: `document.currentScript`, else the last gcb script on the page. */
export function findOwnScriptSrc(doc: Document): string | null {
  const current = doc.currentScript as HTMLScriptElement | null;
  if (current?.src && SCRIPT_PATH.test(new URL(current.src, doc.baseURI).pathname)) return current.src;
  const scripts = Array.from(doc.querySelectorAll<HTMLScriptElement>('script[src]')).filter((s) => {
    try {
      return SCRIPT_PATH.test(new URL(s.src, doc.baseURI).pathname);
    } catch {
      return false;
    }
  });
  return scripts.length ? scripts[scripts.length - 1].src : null;
}
