import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * JSON bodies are validated strictly: a wrong type is a 400, never quietly coerced
 * (["cat_A"] is not "cat_A"). Query strings and path parameters arrive as text, so there
 * numbers and booleans are coerced. Unknown properties are refused, not stripped.
 */
const base: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };
const strict = addFormats.default(new Ajv({ ...base, coerceTypes: false }));
const lenient = addFormats.default(new Ajv({ ...base, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : lenient).compile(schema as object);
