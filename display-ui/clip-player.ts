import { CLIP_NAMES } from '../protocol/voice.ts';

/** What the clip player tells the page (and a test) as it works: each clip as it starts, each one that failed. */
export type ClipLogEntry = { type: 'clip'; name: string; seconds: number } | { type: 'clip-error'; name: string; message: string };

/** Longest we wait for the browser to let the AudioContext run before calling it refused. */
const RESUME_WAIT_MS = 400;

/**
 * Plays the hall's recorded clips through the Web Audio API: every clip fetched and decoded once
 * (so a call starts at once and a missing or broken file is known before the first call), then
 * each call's clips scheduled back to back on one gain (the hall's volume), without gaps.
 */
export class ClipPlayer {
  private ctx: AudioContext | null = null;
  private gain: GainNode | null = null;
  private buffers = new Map<string, AudioBuffer>();

  constructor(private readonly log: (e: ClipLogEntry) => void) {}

  get loaded(): number {
    return this.buffers.size;
  }

  /** Fetches and decodes the hall's set (its own clips where it has them, else the default). */
  async load(hallId: string): Promise<boolean> {
    if (typeof AudioContext === 'undefined') return false;
    this.ctx ??= new AudioContext();
    this.gain ??= this.ctx.createGain();
    this.gain.connect(this.ctx.destination);
    const ctx = this.ctx;
    await Promise.all(
      CLIP_NAMES.map(async (name) => {
        try {
          const res = await fetch(`/api/halls/${encodeURIComponent(hallId)}/voice/clips/${name}`);
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          this.buffers.set(name, await ctx.decodeAudioData(await res.arrayBuffer()));
        } catch (err) {
          this.log({ type: 'clip-error', name, message: (err as Error).message });
        }
      }),
    );
    // The words of a call are needed; a hall without a chime still speaks.
    return CLIP_NAMES.filter((n) => n !== 'chime').every((n) => this.buffers.has(n));
  }

  /** Whether the browser lets it sound: false while autoplay is refused (until a tap or a kiosk flag). */
  async unlocked(): Promise<boolean> {
    const ctx = this.ctx;
    if (!ctx) return false;
    if (ctx.state !== 'running') await Promise.race([ctx.resume().catch(() => undefined), new Promise((r) => setTimeout(r, RESUME_WAIT_MS))]);
    return ctx.state === 'running';
  }

  /** Plays `names` in order at `volume`; resolves when the last has ended. Unknown names are skipped. */
  play(names: string[], volume: number): Promise<void> {
    const ctx = this.ctx;
    const gain = this.gain;
    if (!ctx || !gain) return Promise.resolve();
    gain.gain.value = volume;
    let at = ctx.currentTime + 0.05;
    let last: AudioBufferSourceNode | null = null;
    for (const name of names) {
      const buffer = this.buffers.get(name);
      if (!buffer) continue;
      const src = ctx.createBufferSource();
      src.buffer = buffer;
      src.connect(gain);
      const startAt = at;
      // Logged when it really starts, so the log is what was heard, in order.
      setTimeout(() => this.log({ type: 'clip', name, seconds: buffer.duration }), Math.max(0, (startAt - ctx.currentTime) * 1000));
      src.start(startAt);
      at += buffer.duration;
      last = src;
    }
    const end = last;
    if (!end) return Promise.resolve();
    return new Promise((resolve) => {
      // A context suspended mid-call never fires `ended`: the cap keeps the queue moving.
      const cap = setTimeout(resolve, (at - ctx.currentTime) * 1000 + 1000);
      end.onended = () => {
        clearTimeout(cap);
        resolve();
      };
    });
  }

  close(): void {
    void this.ctx?.close().catch(() => undefined);
  }
}
