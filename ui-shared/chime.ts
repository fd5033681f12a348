/**
 * The phone's 叮咚 when its ticket is called: the hall's own chime clip (the one its displays play),
 * or two tones made here when that cannot be fetched. A phone lets a page sound only after a
 * touch, so the context is also resumed on the first one; a refused chime is still told (the
 * vibration and the alert on screen carry the call).
 */
let ctx: AudioContext | null = null;
let clip: AudioBuffer | null = null;

export type ChimeResult = { via: 'clip' | 'tones' } | { via: 'none'; reason: string };

export function prepareChime(hallId: string): void {
  if (ctx || typeof AudioContext === 'undefined') return;
  const c = new AudioContext();
  ctx = c;
  const wake = () => void c.resume().catch(() => undefined);
  window.addEventListener('pointerdown', wake, { once: true });
  window.addEventListener('keydown', wake, { once: true });
  void fetch(`/api/halls/${encodeURIComponent(hallId)}/voice/clips/chime`)
    .then(async (r) => (r.ok ? (clip = await c.decodeAudioData(await r.arrayBuffer())) : null))
    .catch(() => null);
}

export async function chime(): Promise<ChimeResult> {
  const result = await play();
  window.dispatchEvent(new CustomEvent('hallq:chime', { detail: result }));
  return result;
}

async function play(): Promise<ChimeResult> {
  const c = ctx;
  if (!c) return { via: 'none', reason: 'no Web Audio' };
  if (c.state !== 'running') await Promise.race([c.resume().catch(() => undefined), new Promise((r) => setTimeout(r, 300))]);
  if (c.state !== 'running') return { via: 'none', reason: 'autoplay refused' };
  const at = c.currentTime + 0.02;
  if (clip) {
    const src = c.createBufferSource();
    src.buffer = clip;
    src.connect(c.destination);
    src.start(at);
    return { via: 'clip' };
  }
  for (const [f, t] of [[659.25, 0], [523.25, 0.4]] as const) {
    const osc = c.createOscillator();
    const gain = c.createGain();
    osc.frequency.value = f;
    gain.gain.setValueAtTime(0.4, at + t);
    gain.gain.exponentialRampToValueAtTime(0.001, at + t + 0.6);
    osc.connect(gain).connect(c.destination);
    osc.start(at + t);
    osc.stop(at + t + 0.65);
  }
  return { via: 'tones' };
}
