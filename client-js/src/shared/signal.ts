/**
 * Signals of the Co-browse API: `add`, `addOnce`, `remove`, with memory. Like a deferred, a
 * callback added after the event already happened is called at once with the last arguments.
 */
export type Callback<A extends unknown[]> = (...args: A) => void;

/** The public face of a signal, the only part given to API users. */
export interface Signal<A extends unknown[]> {
  add(callback: Callback<A>): void;
  addOnce(callback: Callback<A>): void;
  remove(callback: Callback<A>): void;
}

interface Listener<A extends unknown[]> {
  readonly callback: Callback<A>;
  readonly once: boolean;
}

function requireFunction(callback: unknown): void {
  if (typeof callback !== 'function') {
    throw new TypeError('Co-browse signal: the callback must be a function, got ' + typeof callback);
  }
}

function invoke<A extends unknown[]>(callback: Callback<A>, args: A): void {
  try {
    callback(...args);
  } catch (error) {
    // One faulty callback must not stop the others nor the co-browse logic.
    console.error('Co-browse: a signal callback threw', error);
  }
}

/** A signal that remembers the arguments of its last dispatch (until `forget()`). */
export class MemorySignal<A extends unknown[]> implements Signal<A> {
  private listeners: Listener<A>[] = [];
  private memory: A | null = null;

  add(callback: Callback<A>): void {
    this.register(callback, false);
  }

  addOnce(callback: Callback<A>): void {
    this.register(callback, true);
  }

  remove(callback: Callback<A>): void {
    this.listeners = this.listeners.filter((l) => l.callback !== callback);
  }

  /** Calls every callback with `args` and remembers them for callbacks added later. */
  dispatch(...args: A): void {
    this.memory = args;
    const current = this.listeners;
    this.listeners = current.filter((l) => !l.once);
    for (const listener of current) invoke(listener.callback, args);
  }

  /** Forgets the last dispatch, e.g. `onSessionEnded` when a new session starts. */
  forget(): void {
    this.memory = null;
  }

  hasHappened(): boolean {
    return this.memory !== null;
  }

  /** The public view: only add, addOnce and remove. */
  toPublic(): Signal<A> {
    return {
      add: (callback) => this.add(callback),
      addOnce: (callback) => this.addOnce(callback),
      remove: (callback) => this.remove(callback),
    };
  }

  private register(callback: Callback<A>, once: boolean): void {
    requireFunction(callback);
    if (this.memory !== null) {
      invoke(callback, this.memory);
      if (once) return;
    }
    if (!this.listeners.some((l) => l.callback === callback)) this.listeners.push({ callback, once });
  }
}

/**
 * A signal that remembers every dispatch, for signals that describe many things at once
 * (`onMaskedElement`: a callback added late is called for every masked element seen so far,
 * not just the last one). `keep` decides which remembered dispatches are still worth replaying.
 */
export class CollectingSignal<A extends unknown[]> implements Signal<A> {
  private listeners: Listener<A>[] = [];
  private memory: A[] = [];

  constructor(private readonly keep: (args: A) => boolean = () => true) {}

  add(callback: Callback<A>): void {
    this.register(callback, false);
  }

  addOnce(callback: Callback<A>): void {
    this.register(callback, true);
  }

  remove(callback: Callback<A>): void {
    this.listeners = this.listeners.filter((l) => l.callback !== callback);
  }

  dispatch(...args: A): void {
    this.memory = this.memory.filter(this.keep);
    this.memory.push(args);
    const current = this.listeners;
    this.listeners = current.filter((l) => !l.once);
    for (const listener of current) invoke(listener.callback, args);
  }

  toPublic(): Signal<A> {
    return {
      add: (callback) => this.add(callback),
      addOnce: (callback) => this.addOnce(callback),
      remove: (callback) => this.remove(callback),
    };
  }

  private register(callback: Callback<A>, once: boolean): void {
    requireFunction(callback);
    this.memory = this.memory.filter(this.keep);
    if (this.memory.length > 0) {
      if (once) {
        invoke(callback, this.memory[this.memory.length - 1]);
        return;
      }
      for (const args of this.memory) invoke(callback, args);
    }
    if (!this.listeners.some((l) => l.callback === callback)) this.listeners.push({ callback, once });
  }
}
