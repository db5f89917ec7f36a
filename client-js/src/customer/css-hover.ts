/**
 * CSS hover synchronisation. `:hover` rules are copied with `:hover` rewritten to the class
 * `gcb-hover`, and the client puts that class on the chain of elements under the customer's (and
 * the agent's) pointer. The copies live in `<style>` elements in the customer's page, so the effect
 * is applied on the customer's side first and reaches the agent with the DOM.
 *
 * - server strategy (`css.server`, default): every stylesheet, also cross-origin ones, read through
 *   the server's CSS proxy (`GET <server>/rest/css?url=…&userToken=…`) when the browser cannot read it;
 * - browser strategy (`css.browser`, legacy): only stylesheets the browser can read.
 */
import type { CssStrategy } from './config';
import { SERVICE_CLASS } from './recorder';

export const HOVER_CLASS = 'gcb-hover';
const STYLE_MARK = 'data-gcb-hover-css';

/** `a:hover > b` → `a.gcb-hover > b`; null when the selector has no `:hover`. */
export function rewriteHoverSelector(selector: string): string | null {
  if (!/:hover\b/i.test(selector)) return null;
  return selector.replace(/:hover\b/gi, '.' + HOVER_CLASS);
}

/** Makes url(...) references absolute against the stylesheet's own URL. */
export function absolutiseCssUrls(cssText: string, base: string): string {
  return cssText.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/gi, (match, quote: string, url: string) => {
    if (/^(data:|#|[a-z][a-z0-9+.-]*:\/\/)/i.test(url)) return match;
    try {
      return `url(${quote}${new URL(url, base).href}${quote})`;
    } catch {
      return match;
    }
  });
}

interface RuleLike {
  type: number;
  cssText: string;
  selectorText?: string;
  style?: CSSStyleDeclaration;
  cssRules?: CSSRuleList;
  conditionText?: string;
  media?: MediaList;
}

/** The rewritten hover rules of a rule list, as CSS text; media and supports blocks kept. */
export function hoverRules(rules: ArrayLike<RuleLike>): string[] {
  const out: string[] = [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule.type === 1 && rule.selectorText !== undefined && rule.style) {
      const selector = rewriteHoverSelector(rule.selectorText);
      if (selector) out.push(`${selector}{${rule.style.cssText}}`);
    } else if ((rule.type === 4 || rule.type === 12) && rule.cssRules) {
      const inner = hoverRules(rule.cssRules as unknown as ArrayLike<RuleLike>);
      const condition = rule.type === 4 ? (rule.media?.mediaText ?? rule.conditionText) : rule.conditionText;
      if (inner.length) out.push(`${rule.type === 4 ? '@media' : '@supports'} ${condition}{${inner.join('')}}`);
    }
  }
  return out;
}

/** Parses stylesheet text (from the proxy) without applying it, and returns its hover rules. */
export function hoverRulesFromText(cssText: string, baseUrl: string, doc: Document): string[] {
  const text = absolutiseCssUrls(cssText, baseUrl);
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  try {
    // A constructed stylesheet: parsed, never applied (@import rules are ignored).
    const sheet = new (view?.CSSStyleSheet ?? CSSStyleSheet)();
    sheet.replaceSync(text);
    return hoverRules(sheet.cssRules as unknown as ArrayLike<RuleLike>);
  } catch {
    // Older browsers: a <style> in an inert document.
    const inert = doc.implementation.createHTMLDocument('');
    const style = inert.createElement('style');
    style.textContent = text;
    inert.head.appendChild(style);
    const rules = style.sheet?.cssRules;
    return rules ? hoverRules(rules as unknown as ArrayLike<RuleLike>) : [];
  }
}

function readableRules(sheet: CSSStyleSheet | null): CSSRuleList | null {
  if (!sheet) return null;
  try {
    return sheet.cssRules;
  } catch {
    return null; // cross-origin
  }
}

export class HoverSync {
  private readonly customerChain = new Set<Element>();
  private readonly agentChain = new Set<Element>();
  private readonly injected: HTMLStyleElement[] = [];
  private readonly processed = new WeakSet<Element>();
  private stopped = false;

  constructor(
    private readonly doc: Document,
    private readonly strategy: CssStrategy,
    private readonly cssProxy: (url: string) => string,
  ) {}

  async start(): Promise<void> {
    this.doc.addEventListener('mouseover', this.onOver, { capture: true, passive: true });
    this.doc.addEventListener('mouseout', this.onOut, { capture: true, passive: true });
    const sheets = Array.from(this.doc.querySelectorAll<HTMLLinkElement | HTMLStyleElement>('link[rel~="stylesheet"][href], style'));
    await Promise.all(sheets.map((el) => this.process(el)));
  }

  stop(): void {
    this.stopped = true;
    this.doc.removeEventListener('mouseover', this.onOver, { capture: true });
    this.doc.removeEventListener('mouseout', this.onOut, { capture: true });
    this.setChain(this.customerChain, null);
    this.setChain(this.agentChain, null);
    for (const style of this.injected) style.remove();
  }

  /** The agent's pointer is over `element` (null: nowhere): remote hover, shown to the customer too. */
  setAgentHover(element: Element | null): void {
    this.setChain(this.agentChain, element);
  }

  private readonly onOver = (event: Event): void => {
    const target = event.composedPath?.()[0] ?? event.target;
    this.setChain(this.customerChain, target instanceof Element ? target : null);
  };

  private readonly onOut = (event: MouseEvent): void => {
    if (!event.relatedTarget) this.setChain(this.customerChain, null);
  };

  private setChain(chain: Set<Element>, target: Element | null): void {
    const next = new Set<Element>();
    for (let el: Element | null = target; el; el = el.parentElement) {
      if (el.classList.contains(SERVICE_CLASS)) return; // our own UI
      next.add(el);
    }
    for (const el of chain) {
      if (!next.has(el)) {
        chain.delete(el);
        if (!this.customerChain.has(el) && !this.agentChain.has(el)) el.classList.remove(HOVER_CLASS);
      }
    }
    for (const el of next) {
      if (!chain.has(el)) {
        chain.add(el);
        if (!el.classList.contains(HOVER_CLASS)) el.classList.add(HOVER_CLASS);
      }
    }
  }

  private async process(owner: HTMLLinkElement | HTMLStyleElement): Promise<void> {
    if (this.processed.has(owner) || owner.hasAttribute(STYLE_MARK)) return;
    this.processed.add(owner);
    const rules = readableRules(owner.sheet as CSSStyleSheet | null);
    let css: string[] = [];
    if (rules) {
      css = hoverRules(rules as unknown as ArrayLike<RuleLike>);
    } else if (this.strategy.server && owner instanceof HTMLLinkElement) {
      try {
        const response = await fetch(this.cssProxy(owner.href), { credentials: 'omit', mode: 'cors' });
        if (!response.ok) throw new Error('HTTP ' + response.status);
        css = hoverRulesFromText(await response.text(), owner.href, this.doc);
      } catch (error) {
        console.warn('Co-browse: the CSS proxy could not read ' + owner.href + '; its :hover rules are not synchronised', error);
      }
    }
    if (!css.length || this.stopped) return;
    const style = this.doc.createElement('style');
    style.setAttribute(STYLE_MARK, '');
    style.textContent = css.join('\n');
    owner.after(style);
    this.injected.push(style);
  }
}
