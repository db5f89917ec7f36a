/**
 * The External Media Adapter contract of the seed, in one place: `_genesys.cobrowse.primaryMedia`
 * (or, by default, the built-in chat) with its optional `initializeAsync(done)`,
 * `isAgentConnected()` and `sendCbSessionToken(token)`.
 *
 * - `initializeAsync` is called once per page load, before the Live Chat and Co-browse buttons show;
 *   they show only after `done()` (a second `done()` is ignored; one that throws counts as done).
 * - `isAgentConnected()` must return a boolean; it is asked before every `sendCbSessionToken`. Any
 *   other answer counts as false (with a warning), as does one that throws.
 * - An adapter without `isAgentConnected` cannot tell: the customer is asked whether they are on the
 *   phone or in a chat, and a `sendCbSessionToken` it has is called.
 */
import type { PrimaryMedia } from './config';

/** What the adapter says of the agent: connected, not connected, or it cannot tell. */
export type AgentPresence = 'connected' | 'notConnected' | 'unknown';

const SLOW_INITIALIZE_MS = 10000;

export class MediaBridge {
  private initialized = false;
  private isDone = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly media: PrimaryMedia | undefined,
    /** Whether this is the built-in chat (the UI then offers it when no agent is connected). */
    readonly builtInChat = false,
  ) {}

  /** Calls the adapter's `initializeAsync(done)`, once; without it the media is ready at once. */
  initialize(): void {
    if (this.initialized) return;
    this.initialized = true;
    const media = this.media;
    if (!media || typeof media.initializeAsync !== 'function') {
      this.markDone();
      return;
    }
    const slow = setTimeout(
      () => console.warn(`Co-browse: primaryMedia.initializeAsync has not called done() after ${SLOW_INITIALIZE_MS / 1000} s; the Live Chat and Co-browse buttons wait for it`),
      SLOW_INITIALIZE_MS,
    );
    try {
      media.initializeAsync(() => {
        clearTimeout(slow);
        this.markDone();
      });
    } catch (error) {
      clearTimeout(slow);
      console.error('Co-browse: primaryMedia.initializeAsync threw; going on as if it were done', error);
      this.markDone();
    }
  }

  get ready(): boolean {
    return this.isDone;
  }

  /** Runs `fn` once the media is initialised (at once if it is). */
  whenReady(fn: () => void): void {
    if (this.isDone) fn();
    else this.waiting.push(fn);
  }

  agentPresence(): AgentPresence {
    const media = this.media;
    if (!media || typeof media.isAgentConnected !== 'function') return 'unknown';
    let answer: unknown;
    try {
      answer = media.isAgentConnected();
    } catch (error) {
      console.error('Co-browse: primaryMedia.isAgentConnected threw; taken as false', error);
      return 'notConnected';
    }
    if (typeof answer !== 'boolean') {
      console.warn(`Co-browse: primaryMedia.isAgentConnected must return a boolean, not ${answer === null ? 'null' : typeof answer}; taken as false`);
      return 'notConnected';
    }
    return answer ? 'connected' : 'notConnected';
  }

  /**
   * Passes a new session's token to the agent through the media, once it is initialised: unless
   * `isAgentConnected()` says false. Resolves with whether `sendCbSessionToken` was called.
   */
  sendToken(token: string): Promise<boolean> {
    return new Promise((resolve) =>
      this.whenReady(() => {
        const media = this.media;
        if (!media || typeof media.sendCbSessionToken !== 'function' || this.agentPresence() === 'notConnected') {
          resolve(false);
          return;
        }
        try {
          media.sendCbSessionToken(token);
          resolve(true);
        } catch (error) {
          console.error('Co-browse: primaryMedia.sendCbSessionToken threw', error);
          resolve(false);
        }
      }),
    );
  }

  private markDone(): void {
    if (this.isDone) return;
    this.isDone = true;
    const waiting = this.waiting.splice(0);
    for (const fn of waiting) {
      try {
        fn();
      } catch (error) {
        console.error('Co-browse: a media callback threw', error);
      }
    }
  }
}
