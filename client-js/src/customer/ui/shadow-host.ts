/**
 * Our UI lives in shadow roots on hosts marked as service elements: no style leaks in or
 * out, and agents never see it.
 */
import { SERVICE_CLASS } from '../recorder';

export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
}

export function createShadowHost(doc: Document, name: string, css: string): ShadowHost {
  const host = doc.createElement('div');
  host.className = SERVICE_CLASS; // before it enters the DOM, as markServiceElement requires
  host.setAttribute('data-gcb-ui', name);
  host.style.cssText = 'all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;';
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  root.appendChild(style);
  (doc.body ?? doc.documentElement).appendChild(host);
  return { host, root };
}

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) node.appendChild(child);
  return node;
}
