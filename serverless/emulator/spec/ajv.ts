import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Schema } from './schemas';

/**
 * One Ajv instance for the specs' schemas. Ajv 8 understands OpenAPI's `nullable`; `strict: false`
 * lets it ignore OpenAPI-only keywords (`x-twilio`, `readOnly`, ...). Twilio's own formats are
 * registered: the date formats are checked for real (the twilio library parses each with its own
 * deserializer, so the emulator must answer the right one); the rest are descriptive only.
 */
const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The 2010-04-01 API writes relative URIs ("/2010-04-01/...") under format "uri". */
const URI_OR_PATH = /^(https?:\/\/[^\s]+|\/[^\s]*)$/;

const DESCRIPTIVE_FORMATS = [
  'uri-map',
  'iso-country-code',
  'http-method',
  'phone-number',
  'phone-number-capabilities',
  'currency',
  'ice-server',
  'int64',
  'int32',
  'endpoint',
  'twiml',
  'email',
  'date-time-rfc-2822-or-null',
];

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  ajv.addFormat('date-time-rfc-2822', RFC_2822);
  ajv.addFormat('date-time', { validate: (value: string) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) });
  ajv.addFormat('date', ISO_DATE);
  ajv.addFormat('uri', URI_OR_PATH);
  for (const format of DESCRIPTIVE_FORMATS) ajv.addFormat(format, true);
  return ajv;
}

const ajv = newAjv();
const compiled = new WeakMap<Schema, ValidateFunction>();

export function validatorFor(schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** "must be equal to one of the allowed values (GET, POST)", prefixed with the JSON path when nested. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath ? `${error.instancePath} ` : '';
    const allowed = error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    const extra = error.keyword === 'additionalProperties' ? `: ${(error.params as { additionalProperty: string }).additionalProperty}` : '';
    return `${where}${error.message ?? error.keyword}${allowed}${extra}`;
  });
}
