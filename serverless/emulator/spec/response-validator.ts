import { describeErrors, validatorFor } from './ajv';
import type { SpecOperation } from './operations';
import { isSchema, type Schema } from './schemas';

const closedCache = new WeakMap<Schema, Schema>();

/**
 * The schema with `additionalProperties: false` on every object that lists its properties. Twilio's
 * schemas leave objects open; closing them makes a misspelt or invented field in the emulator's
 * JSON a failure instead of passing silently.
 */
export function closeObjects(schema: Schema): Schema {
  const cached = closedCache.get(schema);
  if (cached) return cached;
  const out: Schema = { ...schema };
  if (isSchema(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, sub]) => [name, isSchema(sub) ? closeObjects(sub) : sub]),
    );
    if (schema.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (isSchema(schema.items)) out.items = closeObjects(schema.items);
  closedCache.set(schema, out);
  return out;
}

/**
 * Checks a response body against the operation's schema for that status. Error answers (4xx/5xx)
 * have no schema in Twilio's specs and pass. `strict` closes objects (see closeObjects).
 */
export function validateResponse(operation: SpecOperation, status: number, body: unknown, { strict = true } = {}): string[] {
  const schema = operation.responses.get(status);
  if (!schema && status === 204) return body === undefined ? [] : ['a 204 answer must have no body'];
  if (!schema) {
    if (status >= 200 && status < 300) return [`no ${status} response is documented for ${operation.operationId}`];
    return [];
  }
  const validate = validatorFor(strict ? closeObjects(schema) : schema);
  return validate(body) ? [] : describeErrors(validate.errors);
}
