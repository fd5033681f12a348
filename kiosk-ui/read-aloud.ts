/**
 * 朗读: the kiosk reads its screen with the browser's own speech voices. Which voice: one for the
 * screen's language (zh-CN first for Chinese). A machine without one gets `no-voice`, which the
 * button shows in words rather than staying silent (common on Linux kiosks).
 */
export type ReadResult = 'speaking' | 'no-voice' | 'unsupported';

export function voiceFor(voices: readonly SpeechSynthesisVoice[], locale: string): SpeechSynthesisVoice | null {
  const norm = (l: string) => l.replace('_', '-').toLowerCase();
  const want = norm(locale);
  const family = want.split('-')[0]!;
  const order = family === 'zh' ? [want, 'zh-cn', 'zh'] : [want, family];
  for (const w of order) {
    const v = voices.find((x) => norm(x.lang) === w) ?? voices.find((x) => norm(x.lang).startsWith(`${w}-`));
    if (v) return v;
  }
  return null;
}

/** The voices, waiting briefly for the first `voiceschanged` (Chromium fills the list late). */
function voices(synth: SpeechSynthesis): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      synth.removeEventListener('voiceschanged', done);
      resolve(synth.getVoices());
    };
    const timer = setTimeout(done, 800);
    synth.addEventListener('voiceschanged', done);
  });
}

export async function readAloud(text: string, locale: string, onEnd: () => void): Promise<ReadResult> {
  if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return 'unsupported';
  const voice = voiceFor(await voices(speechSynthesis), locale);
  if (!voice) return 'no-voice';
  speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.voice = voice;
  u.lang = voice.lang;
  u.rate = 0.85; // a little slower than the default: the listeners are the ones who asked
  u.onend = onEnd;
  u.onerror = onEnd;
  speechSynthesis.speak(u);
  return 'speaking';
}

export function stopReading(): void {
  if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
}

/** What a screen says: its visible text, each line ended as a sentence so the voice pauses between them. */
export function screenText(el: HTMLElement): string {
  return el.innerText
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('。\n');
}
