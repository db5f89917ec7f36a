/**
 * Data masking, decided in the customer's browser before anything is sent.
 *
 * - Rules from the server (`mask`: CSS selectors, optionally only on URLs matching a regex) mask an
 *   element's text and, for form fields, its value; descendants of a masked element are masked too.
 * - Always masked, whatever the rules: password fields, also after a script switched their type
 *   (a field is masked by what it *was*), hidden inputs, and fields the page marks as card data,
 *   one-time codes or passwords through `autocomplete`.
 * - `readonly` rules (DOM control) make elements read-only for the agent in write mode.
 */
import type { RuleEntry, SessionRules } from '../shared/wire';

/** Fields masked whatever the rules say. */
export const ALWAYS_MASKED_FIELDS = [
  'input[type=password]',
  'input[type=hidden]',
  '[data-rr-is-password]',
  'input[autocomplete~="cc-number"]',
  'input[autocomplete~="cc-csc"]',
  'input[autocomplete~="cc-exp"]',
  'input[autocomplete~="current-password"]',
  'input[autocomplete~="new-password"]',
  'input[autocomplete~="one-time-code"]',
].join(',');

const MASK_CHAR = '*';

/**
 * Remembers every field that has ever been a password field in this document, from the moment the
 * application loads (before any session), so that a "show password" toggle cannot unmask it.
 */
export class PasswordMemory {
  private readonly seen = new WeakSet<Element>();
  private readonly observer: MutationObserver | null = null;

  constructor(root: Document) {
    this.scan(root);
    if (typeof MutationObserver === 'function') {
      this.observer = new MutationObserver((records) => {
        for (const record of records) {
          if (record.type === 'attributes') {
            if ((record.oldValue ?? '').toLowerCase() === 'password') this.seen.add(record.target as Element);
            this.check(record.target as Element);
          } else {
            record.addedNodes.forEach((node) => {
              if (node.nodeType === 1) this.scan(node as Element);
            });
          }
        }
      });
      this.observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['type'], attributeOldValue: true });
    }
  }

  /** Whether the element is, or once was, a password field. */
  has(element: Element): boolean {
    this.check(element);
    return this.seen.has(element);
  }

  stop(): void {
    this.observer?.disconnect();
  }

  private check(element: Element): void {
    if (element.tagName === 'INPUT' && (element as HTMLInputElement).type === 'password') this.seen.add(element);
  }

  private scan(root: Document | Element): void {
    if (root.nodeType === 1) this.check(root as Element);
    root.querySelectorAll('input[type=password]').forEach((el) => this.seen.add(el));
  }
}

function isValidSelector(selector: string, doc: Document): boolean {
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

function appliesTo(rule: RuleEntry, href: string): boolean {
  if (rule.url === undefined || rule.url === '') return true;
  try {
    return new RegExp(rule.url).test(href);
  } catch {
    console.warn('Co-browse: a masking rule has an invalid URL pattern and is ignored: ' + rule.url);
    return false;
  }
}

/** Joins the selectors of the rules that apply to this page; null when none does. */
export function selectorFor(rules: readonly RuleEntry[], href: string, doc: Document): string | null {
  const selectors = rules
    .filter((rule) => appliesTo(rule, href))
    .map((rule) => rule.selector.trim())
    .filter((selector) => {
      if (selector && isValidSelector(selector, doc)) return true;
      console.warn('Co-browse: a masking rule has an invalid CSS selector and is ignored: ' + selector);
      return false;
    });
  return selectors.length ? selectors.join(',') : null;
}

/** The masking decisions for one page. */
export class MaskPolicy {
  /** Selector of the elements whose text and value are masked by rule (null: none). */
  readonly maskSelector: string | null;
  /** Selector of the elements read-only for the agent (null: none). */
  readonly readonlySelector: string | null;

  constructor(
    rules: SessionRules,
    href: string,
    doc: Document,
    private readonly passwords: PasswordMemory,
  ) {
    this.maskSelector = selectorFor(rules.mask, href, doc);
    this.readonlySelector = selectorFor(rules.readonly, href, doc);
  }

  /** A field whose value never leaves the browser, whatever the rules. */
  isSensitiveField(element: Element): boolean {
    return this.passwords.has(element) || safeMatches(element, ALWAYS_MASKED_FIELDS);
  }

  /** Whether the element's text or value is masked (by rule, by an ancestor's rule, or always). */
  isMasked(element: Element): boolean {
    if (this.isSensitiveField(element)) return true;
    return this.maskSelector !== null && safeClosest(element, this.maskSelector);
  }

  isReadonly(element: Element): boolean {
    return this.readonlySelector !== null && safeClosest(element, this.readonlySelector);
  }

  /** Selector for every element `onMaskedElement` reports. */
  trackedSelector(): string {
    return this.maskSelector ? ALWAYS_MASKED_FIELDS + ',' + this.maskSelector : ALWAYS_MASKED_FIELDS;
  }

  /** rrweb's maskInputFn: rrweb calls it for every field (maskAllInputs), we decide. */
  readonly maskInput = (text: string, element: HTMLElement | null | undefined): string => {
    if (!element || this.isMasked(element)) return MASK_CHAR.repeat(text.length);
    return text;
  };

  /** rrweb's maskTextFn, called for text under `maskSelector`. */
  readonly maskText = (text: string): string => text.replace(/\S/g, MASK_CHAR);
}

function safeMatches(element: Element, selector: string): boolean {
  try {
    return typeof element.matches === 'function' && element.matches(selector);
  } catch {
    return false;
  }
}

function safeClosest(element: Element, selector: string): boolean {
  try {
    return typeof element.closest === 'function' && element.closest(selector) !== null;
  } catch {
    return false;
  }
}

/**
 * Reports every masked element through a callback: those present when tracking starts and those
 * added (or turned into masked ones) later.
 */
export class MaskTracker {
  private readonly reported = new WeakSet<Element>();
  private observer: MutationObserver | null = null;

  constructor(
    private readonly root: Document,
    private readonly policy: MaskPolicy,
    private readonly report: (element: Element) => void,
  ) {}

  start(): void {
    this.scan(this.root);
    if (typeof MutationObserver !== 'function') return;
    this.observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') this.consider(record.target as Element);
        else record.addedNodes.forEach((node) => node.nodeType === 1 && this.scan(node as Element));
      }
    });
    this.observer.observe(this.root, { subtree: true, childList: true, attributes: true, attributeFilter: ['type', 'class', 'id', 'name', 'autocomplete'] });
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = null;
  }

  /** Whether this element was reported as masked. */
  isTracked(element: Element): boolean {
    return this.reported.has(element);
  }

  private scan(root: Document | Element): void {
    const selector = this.policy.trackedSelector();
    if (root.nodeType === 1) this.consider(root as Element);
    root.querySelectorAll(selector).forEach((el) => this.consider(el));
  }

  private consider(element: Element): void {
    if (this.reported.has(element)) return;
    if (!safeMatches(element, this.policy.trackedSelector()) && !this.policy.isSensitiveField(element)) return;
    this.reported.add(element);
    this.report(element);
  }
}
