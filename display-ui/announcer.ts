import { ref, shallowRef } from 'vue';
import type { CallMessage } from '../protocol/events.ts';
import { callClips, DEFAULT_VOICE, type SoundState, type VoiceSettings } from '../protocol/voice.ts';
import { api, deviceToken } from '../ui-shared/api.ts';
import { speechText } from '../ui-shared/i18n/index.ts';
import { ClipPlayer, type ClipLogEntry } from './clip-player.ts';

/** How long each call stays highlighted, at least, and the longest we wait for the voice. */
export const HOLD_MS = 5000;
const SPEECH_CAP_MS = 15_000;
const VOICES_WAIT_MS = 1000;
const REPEAT_GAP_MS = 600;

/** The announcer's own record, also sent as `hallq:announce` events on window (staff tools and tests read it). */
export type AnnounceLogEntry = ClipLogEntry | { type: 'call'; number: string; via: 'voice' | 'clips' | 'none' } | { type: 'sound'; state: SoundState };

/**
 * Calls are announced one after another, in arrival order, never dropped: each is highlighted
 * for HOLD_MS and read out before the next one starts. It reads with the browser's Chinese voice
 * where there is one, and otherwise (or when the hall prefers them) plays the hall's recorded
 * clips; what it can do is its `sound` state, shown on screen and reported to the manager.
 */
export class Announcer {
  readonly current = shallowRef<CallMessage | null>(null);
  readonly active = ref(false);
  readonly pending = ref(0);
  /** What this display can play: null until it has looked; blocked until a tap (or a kiosk flag), none if nothing works. */
  readonly sound = ref<SoundState | null>(null);
  /** False while the browser refuses to let the page sound (kept for pages that show only that). */
  readonly speechAllowed = ref(true);
  readonly log: AnnounceLogEntry[] = [];
  private settings: VoiceSettings = { ...DEFAULT_VOICE };
  private voice: SpeechSynthesisVoice | null = null;
  private readonly clips = new ClipPlayer((e) => this.record(e));
  private queue: CallMessage[] = [];
  private running = false;
  private stopped = false;

  constructor(private readonly hold = HOLD_MS) {}

  /** Reads the hall's voice settings, finds a Chinese voice or loads the clips, and says what it can do. */
  async configure(hallId: string): Promise<void> {
    try {
      this.settings = await api<VoiceSettings>(`/api/halls/${encodeURIComponent(hallId)}/voice`);
    } catch {
      /* the defaults: read aloud, once, with a chime */
    }
    this.voice = await chineseVoice();
    if (this.voice && !this.settings.preferClips) return this.setSound((await speechRefused()) ? 'blocked' : 'voice');
    if (await this.clips.load(hallId)) return this.setSound((await this.clips.unlocked()) ? 'clips' : 'blocked');
    this.setSound(this.voice ? ((await speechRefused()) ? 'blocked' : 'voice') : 'none');
  }

  /** A tap on the screen: the browser now lets the page sound. */
  async unlock(): Promise<void> {
    if (this.sound.value === 'blocked') this.setSound(this.useClips() ? ((await this.clips.unlocked()) ? 'clips' : 'blocked') : 'voice');
  }

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
    this.clips.close();
  }

  private useClips(): boolean {
    return this.clips.loaded > 0 && (!this.voice || this.settings.preferClips);
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.queue.length && !this.stopped) {
      const call = this.queue.shift()!;
      this.pending.value = this.queue.length;
      this.current.value = call;
      this.active.value = true;
      await Promise.all([sleep(this.hold), this.announce(call)]);
      this.active.value = false;
    }
    this.running = false;
  }

  private async announce(call: CallMessage): Promise<void> {
    const via = this.sound.value === 'none' || this.sound.value === 'blocked' ? 'none' : this.useClips() ? 'clips' : 'voice';
    this.record({ type: 'call', number: call.number, via });
    if (via === 'none') return;
    for (let i = 0; i < this.settings.repeat && !this.stopped; i++) {
      if (i > 0) await sleep(REPEAT_GAP_MS);
      if (via === 'clips') await this.clips.play(callClips(call, this.settings.chime && i === 0), this.settings.volume);
      else await this.speak(speechText(call.number, call.windowNo, call.recall));
    }
  }

  private speak(text: string): Promise<void> {
    if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return Promise.resolve();
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'zh-CN';
      u.rate = 0.9;
      u.volume = this.settings.volume;
      if (this.voice) u.voice = this.voice;
      const timer = setTimeout(resolve, SPEECH_CAP_MS);
      u.onend = () => {
        clearTimeout(timer);
        resolve();
      };
      u.onerror = (e) => {
        clearTimeout(timer);
        // Refused for want of a user gesture: say so on screen until someone taps.
        if (e.error === 'not-allowed') this.setSound('blocked');
        resolve();
      };
      speechSynthesis.speak(u);
    });
  }

  private setSound(state: SoundState): void {
    this.speechAllowed.value = state !== 'blocked';
    if (this.sound.value === state) return;
    this.sound.value = state;
    this.record({ type: 'sound', state });
    // Only an enrolled display has a name in the manager's list; an anonymous one shows it on screen only.
    if (deviceToken()) void api('/api/devices/me/sound', { method: 'PUT', body: { state } }).catch(() => undefined);
  }

  private record(e: AnnounceLogEntry): void {
    this.log.push(e);
    if (this.log.length > 500) this.log.splice(0, this.log.length - 500);
    window.dispatchEvent(new CustomEvent('hallq:announce', { detail: e }));
  }
}

/** The browser's zh-CN voice, waiting a moment for the list: Chrome fills it after load. */
async function chineseVoice(): Promise<SpeechSynthesisVoice | null> {
  if (typeof speechSynthesis === 'undefined') return null;
  const find = () => speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase().startsWith('zh')) ?? null;
  if (find() || speechSynthesis.getVoices().length) return find();
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, VOICES_WAIT_MS);
    speechSynthesis.addEventListener('voiceschanged', () => (clearTimeout(t), resolve()), { once: true });
  });
  return find();
}

/** A silent utterance tells whether the browser lets this page speak without a tap. */
function speechRefused(): Promise<boolean> {
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(' ');
    u.volume = 0;
    const t = setTimeout(() => resolve(false), VOICES_WAIT_MS);
    u.onend = () => (clearTimeout(t), resolve(false));
    u.onerror = (e) => (clearTimeout(t), resolve(e.error === 'not-allowed'));
    speechSynthesis.speak(u);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
