import type { ParamValue } from '../request';
import { isSchema, typeOf, type Schema } from './schemas';

/**
 * Form and query values arrive as strings (a repeated key as several). This turns them into the
 * JSON value the schema describes, so Ajv can check enums, patterns and ranges. A string that is
 * not a valid integer/number/boolean is left as a string on purpose: Ajv then reports the type error
 * ("must be integer") instead of the coercion hiding it.
 */
export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

function scalar(raw: string, schema: Schema): unknown {
  switch (typeOf(schema)) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      // The twilio library serialises booleans as "true"/"false"; Twilio accepts any case.
      return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : raw;
    default:
      return raw;
  }
}

export function coerce(value: ParamValue, schema: Schema): Coerced {
  const values = Array.isArray(value) ? value : [value];
  if (typeOf(schema) === 'array') {
    const items = isSchema(schema.items) ? schema.items : {};
    return { ok: true, value: values.map((item) => scalar(item, items)) };
  }
  if (values.length !== 1) return { ok: false, message: `must be given once (was given ${values.length} times)` };
  return { ok: true, value: scalar(values[0]!, schema) };
}
