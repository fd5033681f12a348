/**
 * Regenerates the default 叫号 clips in ./default from espeak-ng's Mandarin voice, offline:
 *   apt-get install -y espeak-ng && npx tsx assets/voice/generate.ts
 * Each clip is one word of the call phrase ("请 / A / 零…九 / 号 / 到 / 3 / 号窗口 / 办理"), trimmed of
 * silence and written as 16 kHz mono 16-bit WAV (every browser decodes it, and it stays small).
 * The chime is synthesised here (two bell tones), not spoken. A hall that records its own voice
 * uploads clips of the same names (see README, 语音播报).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIP_TEXTS } from '../../protocol/voice.ts';

const RATE = 16_000;
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'default');

function readWav(buf: Buffer): { rate: number; samples: Float32Array } {
  let off = 12;
  let rate = 22050;
  let channels = 1;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    let size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(off + 10);
      rate = buf.readUInt32LE(off + 12);
    } else if (id === 'data') {
      // espeak-ng writing to a file leaves the data size at 0x7fffffff when it cannot seek back.
      size = Math.min(size, buf.length - off - 8);
      const n = Math.floor(size / 2 / channels);
      const s = new Float32Array(n);
      for (let i = 0; i < n; i++) s[i] = buf.readInt16LE(off + 8 + i * 2 * channels) / 32768;
      return { rate, samples: s };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

function trim(s: Float32Array, rate: number): Float32Array {
  const threshold = 0.02;
  let a = 0;
  let b = s.length - 1;
  while (a < s.length && Math.abs(s[a]) < threshold) a++;
  while (b > a && Math.abs(s[b]) < threshold) b--;
  const pad = Math.round(rate * 0.02);
  return s.subarray(Math.max(0, a - pad), Math.min(s.length, b + pad));
}

function resample(s: Float32Array, from: number, to: number): Float32Array {
  const n = Math.round((s.length * to) / from);
  const r = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i * from) / to;
    const j = Math.floor(x);
    const f = x - j;
    r[i] = (s[j] ?? 0) * (1 - f) + (s[j + 1] ?? s[j] ?? 0) * f;
  }
  return r;
}

function writeWav(file: string, s: Float32Array): void {
  const data = Buffer.alloc(s.length * 2);
  const fade = Math.min(160, Math.floor(s.length / 4));
  for (let i = 0; i < s.length; i++) {
    const g = Math.min(1, i / fade, (s.length - 1 - i) / fade);
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s[i] * g)) * 32767), i * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([h, data]));
}

/** 叮咚: two decaying bell tones with a little of the octave above, as hall chimes sound. */
function chime(): Float32Array {
  const tone = (f: number, secs: number) => {
    const s = new Float32Array(Math.round(RATE * secs));
    for (let i = 0; i < s.length; i++) {
      const t = i / RATE;
      s[i] = 0.45 * Math.exp(-3.2 * t) * (Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t));
    }
    return s;
  };
  const a = tone(659.25, 0.45);
  const b = tone(523.25, 0.75);
  const s = new Float32Array(a.length + b.length);
  s.set(a);
  s.set(b, a.length);
  return s;
}

fs.mkdirSync(out, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-voice-'));
try {
  for (const [name, text] of Object.entries(CLIP_TEXTS)) {
    const file = path.join(tmp, `${name}.wav`);
    execFileSync('espeak-ng', ['-v', 'cmn', '-s', '150', '-a', '180', '-w', file, text]);
    const { rate, samples } = readWav(fs.readFileSync(file));
    writeWav(path.join(out, `${name}.wav`), resample(trim(samples, rate), rate, RATE));
  }
  writeWav(path.join(out, 'chime.wav'), chime());
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${Object.keys(CLIP_TEXTS).length + 1} clips written to ${out}`);
