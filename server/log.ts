import type { FastifyRequest } from 'fastify';

/**
 * Query parameters that are safe to keep in an access log. Every other value is replaced: a
 * device's enrolment token (`?deviceToken=`), a ticket's or case's secret, an id that opens a
 * page; a parameter added tomorrow is hidden until someone decides it is harmless.
 */
const PLAIN_PARAMS = new Set(['hall', 'window', 'windows', 'date', 'month', 'categoryId', 'format', 'width', 'waitMs', 'deep', 'lang', 'EIO', 'transport']);
export const REDACTED = '[REDACTED]';

/** The URL as it may be logged: path kept, values of every parameter not known to be harmless replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const kept = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${PLAIN_PARAMS.has(k) ? encodeURIComponent(v) : REDACTED}`);
  return `${url.slice(0, q)}?${kept.join('&')}`;
}

/** Fastify's request serializer, with the URL redacted; headers (Authorization, X-Device-Token) are never logged. */
export function serializeRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** The server's pino options (false: silent), every request logged through serializeRequest. */
export function loggerOptions(logger: boolean | Record<string, unknown>): false | Record<string, unknown> {
  if (logger === false) return false;
  const base = logger === true ? {} : logger;
  return { ...base, serializers: { ...(base.serializers as object | undefined), req: serializeRequest } };
}
