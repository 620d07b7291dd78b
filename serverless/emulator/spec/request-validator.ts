import type { Params } from '../request';
import { describeErrors, validatorFor } from './ajv';
import { documentedEnum } from './documented-enums';
import { coerce } from './form-values';
import type { SpecOperation } from './operations';
import type { Schema } from './schemas';

/** One way a request departs from the official spec. */
export interface SpecViolation {
  in: 'path' | 'query' | 'body';
  /** The parameter (as the spec names it), or "(path)" when the path itself does not fit. */
  name: string;
  message: string;
}

export interface RequestToValidate {
  path: string;
  query: Params;
  form: Params | null;
  /** The parsed JSON body (null when the body was not JSON). */
  json?: unknown;
}

export interface ValidationOptions {
  /**
   * Twilio's schemas do not say `additionalProperties: false`, so an unknown parameter is only a
   * violation when the emulator is strict (the default): a misspelt parameter silently ignored by
   * Twilio is a bug the tests should catch.
   */
  strictParams: boolean;
}

const documentedEnumCache = new WeakMap<Schema, Schema>();

/** The property schema with the prose-documented enum added (see documented-enums.ts). */
function withDocumentedEnum(operationId: string, name: string, schema: Schema): Schema {
  const values = documentedEnum(operationId, name);
  if (!values || schema.enum !== undefined) return schema;
  let extended = documentedEnumCache.get(schema);
  if (!extended) {
    extended = { ...schema, enum: [...values] };
    documentedEnumCache.set(schema, extended);
  }
  return extended;
}

function checkValue(location: SpecViolation['in'], name: string, raw: Params[string], schema: Schema): SpecViolation[] {
  const coerced = coerce(raw, schema);
  if (!coerced.ok) return [{ in: location, name, message: coerced.message }];
  const validate = validatorFor(schema);
  if (validate(coerced.value)) return [];
  const shown = Array.isArray(raw) ? raw.join(', ') : raw;
  return describeErrors(validate.errors).map((message) => ({ in: location, name, message: `${message}, got '${shown}'` }));
}

function checkPath(operation: SpecOperation, path: string): SpecViolation[] {
  const match = operation.pathRegex.exec(path);
  if (!match) return [{ in: 'path', name: '(path)', message: `does not match ${operation.pathTemplate}` }];
  const violations: SpecViolation[] = [];
  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
    const value = match.groups?.[parameter.name];
    if (value === undefined) violations.push({ in: 'path', name: parameter.name, message: 'is missing' });
    else violations.push(...checkValue('path', parameter.name, decodeURIComponent(value), parameter.schema));
  }
  return violations;
}

function checkQuery(operation: SpecOperation, query: Params, options: ValidationOptions): SpecViolation[] {
  const declared = operation.parameters.filter((p) => p.in === 'query');
  const violations: SpecViolation[] = [];
  for (const [name, value] of Object.entries(query)) {
    const parameter = declared.find((p) => p.name === name);
    if (parameter) violations.push(...checkValue('query', name, value, parameter.schema));
    else if (options.strictParams) violations.push({ in: 'query', name, message: 'is not a parameter of this operation' });
  }
  for (const parameter of declared) {
    if (parameter.required && query[parameter.name] === undefined) violations.push({ in: 'query', name: parameter.name, message: 'is required' });
  }
  return violations;
}

function checkBody(operation: SpecOperation, form: Params, options: ValidationOptions): SpecViolation[] {
  const body = operation.body;
  if (!body) {
    // GETs (and bodiless POSTs) declare no body at all; parameters sent there are unknown.
    return options.strictParams ? Object.keys(form).map((name) => ({ in: 'body' as const, name, message: 'is not a parameter of this operation' })) : [];
  }
  const violations: SpecViolation[] = [];
  for (const [name, value] of Object.entries(form)) {
    const schema = body.properties[name];
    if (schema) violations.push(...checkValue('body', name, value, withDocumentedEnum(operation.operationId, name, schema)));
    else if (options.strictParams) violations.push({ in: 'body', name, message: 'is not a parameter of this operation' });
  }
  for (const name of body.required) {
    if (form[name] === undefined) violations.push({ in: 'body', name, message: 'is required' });
  }
  return violations;
}

/**
 * A JSON body (Flex's UpdateConfiguration) against the operation's application/json schema. That
 * schema lists no properties (`{ type: object, properties: {} }`), so only its shape is checked here;
 * unknown fields are left to the route (strictParams cannot apply to a schema that names none).
 */
function checkJsonBody(operation: SpecOperation, json: unknown): SpecViolation[] {
  if (!operation.jsonBody || json === null || json === undefined) return [];
  const validate = validatorFor(operation.jsonBody);
  if (validate(json)) return [];
  return describeErrors(validate.errors).map((message) => ({ in: 'body' as const, name: '(json)', message }));
}

/** Every way the request departs from the operation's path, query and body (form or JSON) schemas. */
export function validateRequest(operation: SpecOperation, request: RequestToValidate, options: ValidationOptions): SpecViolation[] {
  return [
    ...checkPath(operation, request.path),
    ...checkQuery(operation, request.query, options),
    ...checkBody(operation, request.form ?? {}, options),
    ...checkJsonBody(operation, request.json),
  ];
}

export function formatViolation(violation: SpecViolation): string {
  return `${violation.in} ${violation.name}: ${violation.message}`;
}
