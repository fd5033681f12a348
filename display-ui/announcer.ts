import { ref, shallowRef } from 'vue';
import type { CallMessage } from '../protocol/events.ts';
import { speechText } from '../ui-shared/i18n/index.ts';

/** How long each call stays highlighted, at least, and the longest we wait for the voice. */
export const HOLD_MS = 5000;
const SPEECH_CAP_MS = 15_000;

/**
 * Calls are announced one after another, in arrival order, never dropped: each is highlighted
 * for HOLD_MS and read out (zh-CN voice) before the next one starts.
 */
export class Announcer {
  readonly current = shallowRef<CallMessage | null>(null);
  readonly active = ref(false);
  readonly pending = ref(0);
  /** False until the browser lets the page speak (Chrome needs one user gesture, or a kiosk flag). */
  readonly speechAllowed = ref(true);
  private queue: CallMessage[] = [];
  private running = false;
  private stopped = false;

  constructor(private readonly hold = HOLD_MS) {}

  /** Shows a call without announcing it (the latest call of a fresh page). */
  show(call: CallMessage | null): void {
    if (!this.running) this.current.value = call;
  }

  enqueue(call: CallMessage): void {
    this.queue.push(call);
    this.pending.value = this.queue.length;
    if (!this.running) void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.queue.length && !this.stopped) {
      const call = this.queue.shift()!;
      this.pending.value = this.queue.length;
      this.current.value = call;
      this.active.value = true;
      await Promise.all([sleep(this.hold), this.speak(speechText(call.number, call.windowNo, call.recall))]);
      this.active.value = false;
    }
    this.running = false;
  }

  private speak(text: string): Promise<void> {
    if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return Promise.resolve();
    const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
    this.speechAllowed.value = activation ? activation.hasBeenActive : true;
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'zh-CN';
      u.rate = 0.9;
      const voice = speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase().startsWith('zh-cn'));
      if (voice) u.voice = voice;
      const timer = setTimeout(resolve, SPEECH_CAP_MS);
      u.onend = u.onerror = () => {
        clearTimeout(timer);
        resolve();
      };
      speechSynthesis.speak(u);
    });
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
