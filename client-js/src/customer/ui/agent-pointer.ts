/**
 * Shows the agent's pointer and click highlights to the customer, in a service overlay that lets
 * every pointer event through to the page.
 */
import { createShadowHost, el, type ShadowHost } from './shadow-host';

const CSS = `
.pointer{position:fixed;left:0;top:0;width:22px;height:22px;margin:-3px 0 0 -3px;pointer-events:none;display:none;
  transition:transform 40ms linear;z-index:2}
.pointer svg{width:22px;height:22px;filter:drop-shadow(0 1px 2px rgba(0,0,0,.5))}
.pointer .label{position:absolute;left:20px;top:18px;font:600 11px/1.4 system-ui,sans-serif;color:#fff;background:#c2410c;
  padding:1px 6px;border-radius:8px;white-space:nowrap}
.ripple{position:fixed;width:36px;height:36px;margin:-18px 0 0 -18px;border-radius:50%;border:3px solid #ea580c;
  pointer-events:none;animation:gcb-ripple .6s ease-out forwards}
@keyframes gcb-ripple{from{transform:scale(.3);opacity:1}to{transform:scale(1.4);opacity:0}}
@media (prefers-reduced-motion: reduce){.ripple{animation-duration:1.2s}.pointer{transition:none}}
`;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The arrow, built without innerHTML so that pages enforcing Trusted Types accept it. */
function arrow(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = doc.createElementNS(SVG_NS, 'path');
  for (const [k, v] of Object.entries({ d: 'M3 2l7.5 19 2.6-7.6L21 10.8z', fill: '#ea580c', stroke: '#fff', 'stroke-width': '1.5', 'stroke-linejoin': 'round' })) {
    path.setAttribute(k, v);
  }
  svg.appendChild(path);
  return svg;
}

export class AgentPointer {
  private shadow: ShadowHost | null = null;
  private pointer: HTMLElement | null = null;

  constructor(private readonly doc: Document) {}

  moveTo(x: number, y: number): void {
    const pointer = this.ensure();
    pointer.style.display = 'block';
    pointer.style.transform = `translate(${Math.round(x)}px,${Math.round(y)}px)`;
  }

  hide(): void {
    if (this.pointer) this.pointer.style.display = 'none';
  }

  highlightClick(x: number, y: number): void {
    const root = this.ensureRoot();
    const ripple = el(this.doc, 'div', { className: 'ripple' });
    ripple.style.left = `${Math.round(x)}px`;
    ripple.style.top = `${Math.round(y)}px`;
    root.appendChild(ripple);
    setTimeout(() => ripple.remove(), 1300);
  }

  destroy(): void {
    this.shadow?.host.remove();
    this.shadow = null;
    this.pointer = null;
  }

  private ensureRoot(): ShadowRoot {
    if (!this.shadow) this.shadow = createShadowHost(this.doc, 'agent-pointer', CSS);
    return this.shadow.root;
  }

  private ensure(): HTMLElement {
    if (this.pointer) return this.pointer;
    const root = this.ensureRoot();
    const pointer = el(this.doc, 'div', { className: 'pointer', attrs: { 'aria-hidden': 'true' } });
    pointer.appendChild(arrow(this.doc));
    pointer.appendChild(el(this.doc, 'span', { className: 'label', text: 'Representative' }));
    root.appendChild(pointer);
    this.pointer = pointer;
    return pointer;
  }
}
