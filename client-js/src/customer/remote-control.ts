/**
 * The agent's actions on the customer's page. Pointer mode: the agent's pointer, hover and click
 * highlights are shown. Write mode (only after the customer accepted): clicks, keys, values,
 * scrolling and navigation are executed as real event sequences. The customer's page stays the
 * one authority: nothing the agent does is applied anywhere else.
 */
import type { ControlBody, ControlMessage, NavigationCommand } from '../shared/wire';
import type { ApiSignals } from './cobrowse-api';
import type { HoverSync } from './css-hover';
import type { MaskPolicy } from './masking';
import { SERVICE_CLASS, type Recorder } from './recorder';
import type { AgentPointer } from './ui/agent-pointer';

export interface RemoteControlDeps {
  win: Window & typeof globalThis;
  doc: Document;
  policy: MaskPolicy;
  recorder: Pick<Recorder, 'nodeById' | 'takeFullSnapshot'>;
  hover: Pick<HoverSync, 'setAgentHover'> | null;
  pointer: Pick<AgentPointer, 'moveTo' | 'hide' | 'highlightClick'>;
  signals: Pick<ApiSignals, 'agentNavigated' | 'navigationFailed'>;
  send(body: ControlBody): void;
  /** Asks the customer; null when there is no UI to ask (write mode is then refused). */
  consent: (() => Promise<boolean>) | null;
  /** Write mode changed (persist it, show it). */
  onWriteMode(on: boolean): void;
  /** Called right before an agent navigation leaves the page. */
  beforeNavigate(): void;
  /** Delay between `onAgentNavigated` and the navigation itself (ms). */
  navigationDelayMs?: number;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'number', 'password', '']);

export class RemoteControl {
  private write = false;
  private asking = false;
  private navigating = false;

  constructor(private readonly deps: RemoteControlDeps) {}

  get writeMode(): boolean {
    return this.write;
  }

  /** Restores write mode after a page load within the session. */
  restoreWriteMode(on: boolean): void {
    if (on) this.setWrite(true);
  }

  revoke(): void {
    if (!this.write) return;
    this.setWrite(false);
    this.deps.send({ type: 'writeRevoked' });
  }

  stop(): void {
    this.write = false;
    this.deps.pointer.hide();
    this.deps.hover?.setAgentHover(null);
  }

  handle(message: ControlMessage): void {
    switch (message.type) {
      case 'pointer': {
        this.deps.pointer.moveTo(message.x, message.y);
        this.deps.hover?.setAgentHover(this.target(message.id, message.x, message.y));
        return;
      }
      case 'pointerLeave':
        this.deps.pointer.hide();
        this.deps.hover?.setAgentHover(null);
        return;
      case 'click':
        this.deps.pointer.highlightClick(message.x, message.y);
        if (this.write) this.click(message.id, message.x, message.y);
        return;
      case 'key':
        if (this.write) this.key(message.key, message.id);
        return;
      case 'input':
        if (this.write) this.input(message.id, message.value);
        return;
      case 'scroll':
        if (this.write) this.scroll(message.dx, message.dy, message.id);
        return;
      case 'navigate':
        if (this.write) this.navigate(message.command, message.url);
        else this.deps.send({ type: 'refused', of: 'navigate', reason: 'write mode is off' });
        return;
      case 'requestWrite':
        void this.requestWrite();
        return;
      case 'releaseWrite':
        if (this.write) this.setWrite(false);
        return;
      case 'resync':
        this.deps.recorder.takeFullSnapshot();
        return;
      default:
        return; // answers of other masters, unknown types: ignored
    }
  }

  private setWrite(on: boolean): void {
    this.write = on;
    this.deps.onWriteMode(on);
  }

  private async requestWrite(): Promise<void> {
    if (this.write) {
      this.deps.send({ type: 'writeGranted' });
      return;
    }
    if (this.asking) return;
    if (!this.deps.consent) {
      this.deps.send({ type: 'writeDenied' });
      return;
    }
    this.asking = true;
    try {
      const granted = await this.deps.consent();
      if (granted) this.setWrite(true);
      this.deps.send({ type: granted ? 'writeGranted' : 'writeDenied' });
    } finally {
      this.asking = false;
    }
  }

  /** The element the agent means: by rrweb id when it is still there, else by viewport point. */
  private target(id: number | undefined, x?: number, y?: number): Element | null {
    let node: Node | null = typeof id === 'number' ? this.deps.recorder.nodeById(id) : null;
    if (node && node.nodeType !== 1) node = node.parentElement;
    if (!(node instanceof Element) || !node.isConnected) {
      node = typeof x === 'number' && typeof y === 'number' && this.deps.doc.elementFromPoint ? this.deps.doc.elementFromPoint(x, y) : null;
    }
    if (!(node instanceof Element) || node.closest('.' + SERVICE_CLASS)) return null;
    return node;
  }

  /** Refuses elements that DOM-control rules made read-only, and fields that never leave the browser. */
  private allowed(element: Element, action: string, typing: boolean): boolean {
    const reason = this.deps.policy.isReadonly(element) ? 'read-only element' : typing && this.deps.policy.isSensitiveField(element) ? 'protected field' : null;
    if (reason) this.deps.send({ type: 'refused', of: action, reason });
    return reason === null;
  }

  private click(id: number | undefined, x: number, y: number): void {
    const target = this.target(id, x, y);
    if (!target || !this.allowed(target, 'click', false)) return;
    const win = this.deps.win;
    const base = { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, button: 0 };
    const pointer = { ...base, pointerId: 1, pointerType: 'mouse', isPrimary: true };
    const fire = (type: string, init: object, isPointer: boolean): boolean => {
      const Ctor = isPointer && typeof win.PointerEvent === 'function' ? win.PointerEvent : win.MouseEvent;
      return target.dispatchEvent(new Ctor(type, init));
    };
    fire('pointerover', pointer, true);
    fire('pointerenter', { ...pointer, bubbles: false, cancelable: false }, true);
    fire('mouseover', base, false);
    const downOk = fire('pointerdown', { ...pointer, buttons: 1 }, true);
    const mouseDownOk = downOk && fire('mousedown', { ...base, buttons: 1, detail: 1 }, false);
    if (mouseDownOk) {
      const focusable = target.closest<HTMLElement>('a[href],button,input,select,textarea,summary,[tabindex],[contenteditable=""],[contenteditable=true]');
      focusable?.focus({ preventScroll: true });
    }
    fire('pointerup', pointer, true);
    fire('mouseup', { ...base, detail: 1 }, false);
    fire('click', { ...base, detail: 1 }, false);
  }

  private key(key: string, id?: number): void {
    const byId = typeof id === 'number' ? this.target(id) : null;
    const target = byId ?? (this.deps.doc.activeElement as Element | null);
    if (!target || target === this.deps.doc.body || !this.allowed(target, 'key', true)) return;
    const win = this.deps.win;
    const init = { key, bubbles: true, cancelable: true, composed: true };
    const proceed = target.dispatchEvent(new win.KeyboardEvent('keydown', init));
    if (proceed) {
      if (target instanceof win.HTMLInputElement || target instanceof win.HTMLTextAreaElement) this.editField(target, key);
      else if ((target as HTMLElement).isContentEditable && key.length === 1) this.deps.doc.execCommand?.('insertText', false, key);
    }
    target.dispatchEvent(new win.KeyboardEvent('keyup', init));
  }

  private editField(field: HTMLInputElement | HTMLTextAreaElement, key: string): void {
    const isInput = field instanceof this.deps.win.HTMLInputElement;
    // Checkboxes, radios, buttons and the like are operated by clicks, not keys.
    if (isInput && !TEXT_INPUT_TYPES.has((field as HTMLInputElement).type)) return;
    let start: number;
    let end: number;
    try {
      start = field.selectionStart ?? field.value.length;
      end = field.selectionEnd ?? start;
    } catch {
      start = end = field.value.length; // email/number fields have no selection API
    }
    const value = field.value;
    let next: string;
    let caret: number;
    let inputType: string;
    if (key === 'Backspace') {
      if (start === end && start === 0) return;
      const from = start === end ? start - 1 : start;
      next = value.slice(0, from) + value.slice(end);
      caret = from;
      inputType = 'deleteContentBackward';
    } else if (key === 'Delete') {
      const to = start === end ? end + 1 : end;
      next = value.slice(0, start) + value.slice(to);
      caret = start;
      inputType = 'deleteContentForward';
    } else if (key === 'Enter') {
      if (isInput) {
        field.form?.requestSubmit?.();
        return;
      }
      next = value.slice(0, start) + '\n' + value.slice(end);
      caret = start + 1;
      inputType = 'insertLineBreak';
    } else if (key.length === 1) {
      next = value.slice(0, start) + key + value.slice(end);
      caret = start + 1;
      inputType = 'insertText';
    } else {
      return;
    }
    this.setValue(field, next);
    try {
      field.setSelectionRange(caret, caret);
    } catch {
      /* no selection API */
    }
    const InputEventCtor = typeof this.deps.win.InputEvent === 'function' ? this.deps.win.InputEvent : this.deps.win.Event;
    field.dispatchEvent(new InputEventCtor('input', { bubbles: true, composed: true, inputType, data: key.length === 1 ? key : null } as InputEventInit));
  }

  /** Sets a value through the prototype's setter, so that frameworks tracking `value` notice. */
  private setValue(field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
    const proto = Object.getPrototypeOf(field) as object;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (setter) setter.call(field, value);
    else field.value = value;
  }

  private input(id: number, value: string): void {
    const target = this.target(id);
    const win = this.deps.win;
    if (!(target instanceof win.HTMLInputElement || target instanceof win.HTMLTextAreaElement || target instanceof win.HTMLSelectElement)) return;
    if (!this.allowed(target, 'input', true)) return;
    this.setValue(target, String(value));
    target.dispatchEvent(new win.Event('input', { bubbles: true, composed: true }));
    target.dispatchEvent(new win.Event('change', { bubbles: true }));
  }

  private scroll(dx: number, dy: number, id?: number): void {
    const target = typeof id === 'number' ? this.target(id) : null;
    if (target && target !== this.deps.doc.documentElement && target !== this.deps.doc.body) {
      if (!this.allowed(target, 'scroll', false)) return;
      target.scrollBy({ left: dx, top: dy });
    } else {
      this.deps.win.scrollBy({ left: dx, top: dy });
    }
  }

  private fail(command: NavigationCommand): void {
    this.navigating = false;
    this.deps.signals.navigationFailed.dispatch();
    this.deps.send({ type: 'navigationFailed', command });
  }

  /** Agent navigation: announce (onAgentNavigated), wait, go; onNavigationFailed when it cannot. */
  navigate(command: NavigationCommand, url?: string): void {
    if (this.navigating) return;
    const { win } = this.deps;
    const nav = (win as unknown as { navigation?: { canGoBack?: boolean; canGoForward?: boolean } }).navigation;
    let destination: URL | null = null;
    if (command === 'url') {
      try {
        destination = new URL(String(url ?? ''), win.location.href);
      } catch {
        destination = null;
      }
      if (!destination || destination.origin !== win.location.origin || !/^https?:$/.test(destination.protocol)) {
        this.fail(command);
        return;
      }
    } else if (command === 'back' && nav?.canGoBack === false) {
      this.fail(command);
      return;
    } else if (command === 'forward' && nav?.canGoForward === false) {
      this.fail(command);
      return;
    } else if (command !== 'back' && command !== 'forward' && command !== 'refresh') {
      this.fail(command);
      return;
    }
    this.navigating = true;
    const details = destination ? { command, url: destination.href } : { command };
    this.deps.signals.agentNavigated.dispatch(details);
    this.deps.send({ type: 'navigating', ...details });
    win.setTimeout(() => this.go(command, destination), this.deps.navigationDelayMs ?? 2500);
  }

  private go(command: NavigationCommand, destination: URL | null): void {
    const { win } = this.deps;
    this.deps.beforeNavigate();
    const before = win.location.href;
    let left = false;
    const onLeave = () => {
      left = true;
    };
    win.addEventListener('pagehide', onLeave, { once: true });
    win.addEventListener('popstate', onLeave, { once: true });
    try {
      if (command === 'back') win.history.back();
      else if (command === 'forward') win.history.forward();
      else if (command === 'refresh') win.location.reload();
      else if (destination) win.location.assign(destination.href);
    } catch {
      this.fail(command);
      return;
    }
    // history.back()/forward() without history do nothing, silently: notice that nothing happened.
    win.setTimeout(() => {
      win.removeEventListener('popstate', onLeave);
      if (!left && win.location.href === before && (command === 'back' || command === 'forward')) this.fail(command);
      else if (left || win.location.href !== before) this.navigating = false;
    }, 1500);
  }
}
