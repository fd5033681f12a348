import { Ajv, type KeywordDefinition, type Options, type SchemaValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { refusedCharacter, TEXT_KEYWORD, type TextKind } from '../../protocol/text.ts';

/**
 * JSON bodies are validated strictly: a wrong type is a 400, never quietly coerced
 * (["cat_A"] is not "cat_A"). Query strings and path parameters arrive as text, so there
 * numbers and booleans are coerced. Unknown properties are refused, not stripped.
 */
const base: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/**
 * Hall text (protocol/text.ts `Line`/`Text`) refuses control characters. Checked before the
 * length and pattern keywords, so "\u001b" in any marked field is always reported as what it is
 * (CONTROL_CHARACTER, see errors.ts), not as a too-short or mismatched value.
 */
const checkText: SchemaValidateFunction = (kind: TextKind, data: string) => {
  const bad = refusedCharacter(data, kind);
  checkText.errors = bad ? [{ keyword: TEXT_KEYWORD, message: `contains the control character ${bad.codePoint}`, params: { ...bad } }] : [];
  return !bad;
};
const printable: KeywordDefinition = {
  keyword: TEXT_KEYWORD,
  type: 'string',
  schemaType: 'string',
  metaSchema: { enum: ['line', 'text'] },
  before: 'maxLength',
  errors: true,
  validate: checkText,
};

const make = (coerceTypes: Options['coerceTypes']) => {
  const ajv = addFormats.default(new Ajv({ ...base, coerceTypes }));
  ajv.addKeyword(printable);
  return ajv;
};
const strict = make(false);
const lenient = make('array');

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : lenient).compile(schema as object);

/** The same strict validation for a socket.io payload (the agent's messages reuse the HTTP schemas). */
export const compileStrict = (schema: object) => strict.compile(schema);
