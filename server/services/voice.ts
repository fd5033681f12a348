import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable, Trx } from '../db/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { isClipName, parseVoice, SOUND_STATES, type SoundState, type VoiceSettings } from '../../protocol/voice.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome } from './events.ts';
import { audit } from './window-view.ts';

/**
 * The hall's 叫号 voice: its settings (volume, repeat, chime, clips first), its recorded clips
 * (a hall's own upload in <data>/voice/<hall>/, else the default set shipped in assets/voice),
 * and what each display reports it can play.
 */

export const DEFAULT_CLIP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/voice/default');
/** A clip is one or two words: half a megabyte is a generous minute of 16-bit mono. */
export const MAX_CLIP_BYTES = 512 * 1024;

/** Audio a browser decodes everywhere, told by its first bytes (a renamed text file is refused). */
const FORMATS: Array<{ ext: string; type: string; magic: (b: Buffer) => boolean }> = [
  { ext: 'wav', type: 'audio/wav', magic: (b) => b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WAVE' },
  { ext: 'ogg', type: 'audio/ogg', magic: (b) => b.toString('ascii', 0, 4) === 'OggS' },
  { ext: 'mp3', type: 'audio/mpeg', magic: (b) => b.toString('ascii', 0, 3) === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) },
];
export const CLIP_CONTENT_TYPES = FORMATS.map((f) => f.type);

const hallClipDir = (dataDir: string, hallId: string) => path.join(dataDir, 'voice', encodeURIComponent(hallId));

async function assertHall(db: Queryable, hallId: string): Promise<string> {
  const h = await db.selectFrom('halls').select('voice').where('id', '=', hallId).executeTakeFirst();
  if (!h) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  return h.voice;
}

function assertClipName(name: string): void {
  if (!isClipName(name)) throw notFound('CLIP_NOT_FOUND', `没有这个语音片段：${name}`);
}

export async function getVoice(db: Queryable, dataDir: string, hallId: string): Promise<VoiceSettings & { customClips: string[] }> {
  const settings = parseVoice(await assertHall(db, hallId));
  const dir = hallClipDir(dataDir, hallId);
  const customClips = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => f.replace(/\.[a-z0-9]+$/, '')).filter(isClipName).sort() : [];
  return { ...settings, customClips };
}

export async function setVoice(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, patch: Partial<VoiceSettings>) {
  const voice = { ...parseVoice(await assertHall(trx, hallId)), ...patch };
  await trx.updateTable('halls').set({ voice: JSON.stringify(voice) }).where('id', '=', hallId).execute();
  await audit(trx, actor, hallId, 'hall.voice', hallId, { ...patch }, ctx.clock.now());
  return outcome(voice);
}

/** The hall's own recording of `name` if it uploaded one, else the default set's. */
export async function readClip(db: Queryable, dataDir: string, hallId: string, name: string): Promise<{ bytes: Buffer; type: string; custom: boolean }> {
  await assertHall(db, hallId);
  assertClipName(name);
  const dir = hallClipDir(dataDir, hallId);
  for (const f of FORMATS) {
    const file = path.join(dir, `${name}.${f.ext}`);
    if (fs.existsSync(file)) return { bytes: fs.readFileSync(file), type: f.type, custom: true };
  }
  return { bytes: fs.readFileSync(path.join(DEFAULT_CLIP_DIR, `${name}.wav`)), type: 'audio/wav', custom: false };
}

/** Stores an upload in place of the hall's clip; its format is read from its bytes, not trusted from the header. */
export async function saveClip(trx: Trx, ctx: ServiceContext, actor: Actor, dataDir: string, hallId: string, name: string, bytes: unknown) {
  await assertHall(trx, hallId);
  assertClipName(name);
  // A JSON or text body was parsed as such: it is not audio, whatever it holds.
  if (!Buffer.isBuffer(bytes)) throw invalid('BAD_CLIP_FORMAT', `请以 ${CLIP_CONTENT_TYPES.join('、')} 上传音频`);
  if (bytes.length > MAX_CLIP_BYTES) throw invalid('CLIP_TOO_LARGE', `语音片段不能超过 ${MAX_CLIP_BYTES / 1024} KB`);
  const format = FORMATS.find((f) => bytes.length >= 12 && f.magic(bytes));
  if (!format) throw invalid('BAD_CLIP_FORMAT', '语音片段须为 WAV、OGG 或 MP3 音频');
  const dir = hallClipDir(dataDir, hallId);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of FORMATS) fs.rmSync(path.join(dir, `${name}.${f.ext}`), { force: true });
  // Written aside and renamed: a display fetching meanwhile gets the old clip or the new, never half.
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, path.join(dir, `${name}.${format.ext}`));
  await audit(trx, actor, hallId, 'hall.voice.clip', hallId, { name, bytes: bytes.length, type: format.type }, ctx.clock.now());
  return outcome({ name, type: format.type, bytes: bytes.length });
}

export async function deleteClip(trx: Trx, ctx: ServiceContext, actor: Actor, dataDir: string, hallId: string, name: string) {
  await assertHall(trx, hallId);
  assertClipName(name);
  for (const f of FORMATS) fs.rmSync(path.join(hallClipDir(dataDir, hallId), `${name}.${f.ext}`), { force: true });
  await audit(trx, actor, hallId, 'hall.voice.clip.delete', hallId, { name }, ctx.clock.now());
  return outcome({ name });
}

/** A display says what it can play: the managers' dashboards show a mute one at once. */
export async function reportSound(trx: Trx, ctx: ServiceContext, deviceId: string, state: SoundState) {
  if (!SOUND_STATES.includes(state)) throw invalid('BAD_SOUND_STATE', `声音状态只能是 ${SOUND_STATES.join('、')}`);
  const now = ctx.clock.now();
  const device = await trx.updateTable('devices').set({ sound_state: state, sound_reported_at: now }).where('id', '=', deviceId).returning(['hall_id', 'kind']).executeTakeFirst();
  const pushed = device?.kind === 'display' ? [{ type: 'display_sound' as const, hallId: device.hall_id, deviceId, soundState: state, reportedAt: now }] : [];
  return outcome({ state }, pushed);
}

export interface DisplaySound {
  id: string;
  name: string;
  windowId: string | null;
  soundState: SoundState | null;
  reportedAt: number | null;
}

export async function listDisplaySound(db: Queryable, hallId: string): Promise<DisplaySound[]> {
  await assertHall(db, hallId);
  const rows = await db.selectFrom('devices').select(['id', 'name', 'window_id', 'sound_state', 'sound_reported_at']).where('hall_id', '=', hallId).where('kind', '=', 'display').orderBy('name').execute();
  return rows.map((d) => ({ id: d.id, name: d.name, windowId: d.window_id, soundState: (d.sound_state as SoundState | null) ?? null, reportedAt: d.sound_reported_at === null ? null : Number(d.sound_reported_at) }));
}
