import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SOUND_STATES } from '../../protocol/voice.ts';
import { requireDevice, requireHallRole } from '../plugins/auth.ts';
import { CLIP_CONTENT_TYPES, deleteClip, getVoice, listDisplaySound, MAX_CLIP_BYTES, readClip, reportSound, saveClip, setVoice } from '../services/voice.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const ClipParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }), clip: Type.String({ minLength: 1, maxLength: 32 }) });
const VoiceBody = Type.Object(
  {
    volume: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    repeat: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
    chime: Type.Optional(Type.Boolean()),
    preferClips: Type.Optional(Type.Boolean({ description: 'play the recorded clips even where the browser has a Chinese voice' })),
  },
  { additionalProperties: false },
);
const VoiceView = Type.Object({
  volume: Type.Number(), repeat: Type.Integer(), chime: Type.Boolean(), preferClips: Type.Boolean(),
  customClips: Type.Array(Type.String(), { description: 'clips this hall recorded itself; the rest come from the default set' }),
});
const SoundState = Type.Union([Type.Literal('voice'), Type.Literal('clips'), Type.Literal('blocked'), Type.Literal('none')], { description: SOUND_STATES.join(', ') });

/** The hall's 叫号 voice: settings and recorded clips (admin), the clips for displays, displays' sound state. */
const voice: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['voice'];
  const dataDir = app.config.dataDir;
  // Uploaded clips arrive as raw audio; the service reads the format from the bytes.
  app.addContentTypeParser(CLIP_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: MAX_CLIP_BYTES }, (_req, body, done) => done(null, body));

  app.get('/api/halls/:hallId/voice', {
    config: { scope: { hall: 'params.hallId' } },
    schema: { tags, summary: 'Voice settings of the hall (volume, repeat, chime, clips first) and which clips it recorded', params: HallParams, response: { 200: VoiceView, ...errors(400, 404) } },
  }, async (req) => getVoice(app.db, dataDir, req.params.hallId));

  app.put('/api/halls/:hallId/voice', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: { tags, summary: 'Change the voice settings', params: HallParams, body: VoiceBody, response: { 200: Type.Omit(VoiceView, ['customClips']), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => setVoice(trx, app.ctx, req.actor, req.params.hallId, req.body)));

  app.get('/api/halls/:hallId/voice/clips/:clip', {
    config: { scope: { hall: 'params.hallId' } },
    schema: { tags, summary: "One clip (chime, qing, hao, dao, haochuangkou, banli, chonghu, shi, bai, d0…d9, letterA…letterZ): the hall's own, else the default", params: ClipParams, response: { 200: Type.Any({ description: 'audio/wav, audio/ogg or audio/mpeg' }), ...errors(400, 404) } },
  }, async (req, reply) => {
    const clip = await readClip(app.db, dataDir, req.params.hallId, req.params.clip);
    // Displays fetch a set once a page load; an upload shows after the next reload (or within the hour).
    return reply.type(clip.type).header('cache-control', 'public, max-age=3600').header('x-hallq-clip', clip.custom ? 'hall' : 'default').send(clip.bytes);
  });

  app.put('/api/halls/:hallId/voice/clips/:clip', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    bodyLimit: MAX_CLIP_BYTES,
    schema: {
      tags, summary: `Upload the hall's own recording of a clip (WAV, OGG or MP3, at most ${MAX_CLIP_BYTES / 1024} KB; Content-Type audio/wav, audio/ogg or audio/mpeg)`,
      params: ClipParams, response: { 200: Type.Object({ name: Type.String(), type: Type.String(), bytes: Type.Integer() }), ...errors(400, 401, 403, 404, 413, 415) },
    },
  }, async (req) => app.run((trx) => saveClip(trx, app.ctx, req.actor, dataDir, req.params.hallId, req.params.clip, req.body)));

  app.delete('/api/halls/:hallId/voice/clips/:clip', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: { tags, summary: "Remove the hall's own recording: the default clip plays again", params: ClipParams, response: { 200: Type.Object({ name: Type.String() }), ...errors(400, 401, 403, 404) } },
  }, async (req) => app.run((trx) => deleteClip(trx, app.ctx, req.actor, dataDir, req.params.hallId, req.params.clip)));

  app.put('/api/devices/me/sound', {
    config: { scope: { self: true } },
    preHandler: requireDevice,
    schema: {
      tags: ['device'], summary: 'A display reports what it can play: voice (browser voice), clips, blocked (autoplay refused), none',
      body: Type.Object({ state: SoundState }, { additionalProperties: false }), response: { 200: Type.Object({ state: Type.String() }), ...errors(400, 401) },
    },
  }, async (req) => app.run((trx) => reportSound(trx, app.ctx, req.actor.deviceId!, req.body.state)));

  app.get('/api/halls/:hallId/displays/sound', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags, summary: "The hall's displays and the sound each last reported",
      params: HallParams,
      response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), windowId: Type.Union([Type.String(), Type.Null()]), soundState: Type.Union([SoundState, Type.Null()]), reportedAt: Type.Union([Type.Number(), Type.Null()]) })), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => listDisplaySound(app.db, req.params.hallId));
};

export default voice;
