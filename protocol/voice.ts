/**
 * The recorded-clip voice of the hall (叫号语音): the clip names a set has, the words each says,
 * and how a call becomes a sequence of clips. Shared by the server (which serves a hall's set,
 * falling back to the default one) and the display (which plays them), so both agree on names.
 */

const DIGITS = '零一二三四五六七八九';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every spoken clip and its words (the chime is a sound, not words). */
export const CLIP_TEXTS: Record<string, string> = {
  qing: '请',
  hao: '号',
  dao: '到',
  haochuangkou: '号窗口',
  banli: '办理',
  chonghu: '重呼',
  shi: '十',
  bai: '百',
  ...Object.fromEntries([...DIGITS].map((d, i) => [`d${i}`, d])),
  ...Object.fromEntries([...LETTERS].map((l) => [`letter${l}`, l])),
};

export const CLIP_NAMES: readonly string[] = ['chime', ...Object.keys(CLIP_TEXTS)];
export const isClipName = (name: string): boolean => CLIP_NAMES.includes(name);

/** A window number the way it is said: 3 三, 12 十二, 20 二十, 105 一百零五 (1…999). */
export function windowNoClips(no: number): string[] {
  const n = Math.trunc(no);
  if (n < 0 || n > 999) return [...String(n)].filter((c) => /\d/.test(c)).map((c) => `d${c}`);
  if (n < 10) return [`d${n}`];
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const out: string[] = [];
  if (h) out.push(`d${h}`, 'bai');
  if (t) out.push(...(t === 1 && !h ? [] : [`d${t}`]), 'shi');
  else if (h && u) out.push('d0');
  if (u) out.push(`d${u}`);
  return out;
}

/** A ticket number read character by character, as halls do: A001 → A 零 零 一. */
export function ticketNumberClips(number: string): string[] {
  return [...number.toUpperCase()].flatMap((c) => (/\d/.test(c) ? [`d${c}`] : LETTERS.includes(c) ? [`letter${c}`] : []));
}

/** "(重呼) 请 A001 号 到 3 号窗口 办理" as clips, the chime first when the hall wants one. */
export function callClips(call: { number: string; windowNo: number; recall: boolean }, chime = true): string[] {
  return [
    ...(chime ? ['chime'] : []),
    ...(call.recall ? ['chonghu'] : []),
    'qing', ...ticketNumberClips(call.number), 'hao', 'dao', ...windowNoClips(call.windowNo), 'haochuangkou', 'banli',
  ];
}

/** Per-hall voice settings (hall config, admin). */
export interface VoiceSettings {
  /** 0…1, the loudness of clips and of the browser voice. */
  volume: number;
  /** How many times each call is read out (1…3). */
  repeat: number;
  /** The chime before each call. */
  chime: boolean;
  /** Use the recorded clips even when the browser has a Chinese voice. */
  preferClips: boolean;
}

export const DEFAULT_VOICE: VoiceSettings = { volume: 1, repeat: 1, chime: true, preferClips: false };

export function parseVoice(json: string | null | undefined): VoiceSettings {
  try {
    return { ...DEFAULT_VOICE, ...(JSON.parse(json || '{}') as Partial<VoiceSettings>) };
  } catch {
    return { ...DEFAULT_VOICE };
  }
}

/** What a display can do with sound, as it reports it to the manager's device list. */
export const SOUND_STATES = ['voice', 'clips', 'blocked', 'none'] as const;
export type SoundState = (typeof SOUND_STATES)[number];

/** Managers: a display reported what it can play (socket event `display:sound`; the list is GET /api/halls/:hallId/displays/sound). */
export interface DisplaySoundMessage {
  deviceId: string;
  soundState: SoundState;
  reportedAt: number;
}
