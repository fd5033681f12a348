import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorBody } from '../../protocol/schemas.ts';
import { TEXT_KEYWORD } from '../../protocol/text.ts';
import { DomainError, type ErrorKind } from '../domain/errors.ts';
import { freeSpace, isStorageFull } from '../db/storage.ts';
import { RateLimitedError } from '../limits.ts';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
};

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', message: '请求内容过大' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '请以 JSON 提交' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'EMPTY_BODY', message: '请求内容为空' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: '请求内容不是有效的 JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_CONTENT_LENGTH', message: 'Content-Length 与内容不符' },
};

/** The error responses every route declares, so the OpenAPI document lists them. */
export const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

/**
 * One place maps every error to the contract's shape `{error:{code,message}}`.
 * Callers' faults are 4xx with a code; anything else is a logged 500 with no detail.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) {
      if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterS));
      return reply.status(STATUS[err.kind]).send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    }
    if (err.validation) {
      const where = err.validationContext ?? 'body';
      const fieldOf = (e?: { instancePath?: string }) => (e?.instancePath ? `${where}${e.instancePath.replace(/\//g, '.')}` : where);
      // A control character is reported as such wherever it sits (inside an anyOf branch too), naming the field.
      const control = err.validation.find((e) => e.keyword === TEXT_KEYWORD);
      if (control) {
        const field = fieldOf(control);
        const { codePoint } = control.params as { codePoint: string };
        return reply.status(400).send({ error: { code: 'CONTROL_CHARACTER', message: `${field}: 含有不能打印或显示的控制字符 ${codePoint}，请删除后重试`, details: { field, codePoint } } });
      }
      const first = err.validation[0];
      const field = fieldOf(first);
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: `${field}: ${first?.message ?? err.message}` } });
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return reply.status(known.status).send({ error: { code: known.code, message: known.message } });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: (err.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, ''), message: err.message } });
    }
    const dataDir = app.hasDecorator('config') ? app.config.dataDir : '.';
    if (isStorageFull(err, dataDir)) {
      // The caller did nothing wrong and may retry: once space is freed the next write succeeds.
      req.log.error({ err, space: freeSpace(dataDir) }, 'storage full: the data folder has no room left');
      return reply.status(503).header('retry-after', '30').send({ error: { code: 'STORAGE_FULL', message: '服务器存储空间已满，请稍后重试或联系管理员' } });
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } });
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `没有这个地址：${req.method} ${req.url.split('?')[0]}` } });
  });
}
