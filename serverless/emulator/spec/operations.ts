import { loadSpec, type OpenApiDocument, type SpecName } from './documents';
import { isSchema, resolveSchema, type Schema } from './schemas';

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** Resolved (no $refs). */
  schema: Schema;
}

/** One operation of an official spec, with everything resolved that validation needs. */
export interface SpecOperation {
  operationId: string;
  spec: SpecName;
  method: string;
  /** As the spec writes it, e.g. "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json". */
  pathTemplate: string;
  pathRegex: RegExp;
  parameters: SpecParameter[];
  /** The application/x-www-form-urlencoded body schema, when the operation takes a body. */
  body: { properties: Record<string, Schema>; required: string[] } | null;
  /** The application/json body schema, when the operation takes one (Flex's UpdateConfiguration). */
  jsonBody: Schema | null;
  /** application/json response schemas by HTTP status (Twilio's specs describe successes only). */
  responses: Map<number, Schema>;
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/** Where each operationId sits; resolved into a SpecOperation on first use (most are never used). */
interface RawOperation {
  method: string;
  pathTemplate: string;
  operation: Schema;
}
const indexes = new Map<SpecName, Map<string, RawOperation>>();
const resolved = new Map<string, SpecOperation>();

/** `{Name}` matches one path segment, lazily, so `{Sid}.json` captures "Twilio.CURRENT". */
export function templateRegex(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? `(?<${part.slice(1, -1)}>[^/]+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function parameterOf(raw: unknown, document: OpenApiDocument): SpecParameter | null {
  if (!isSchema(raw) || typeof raw.name !== 'string') return null;
  if (raw.in !== 'path' && raw.in !== 'query' && raw.in !== 'header') return null;
  return { name: raw.name, in: raw.in, required: raw.required === true, schema: resolveSchema(raw.schema, document) };
}

function formBodyOf(operation: Schema, document: OpenApiDocument): SpecOperation['body'] {
  const content = isSchema(operation.requestBody) ? operation.requestBody.content : undefined;
  const form = isSchema(content) ? content['application/x-www-form-urlencoded'] : undefined;
  if (!isSchema(form)) return null;
  const schema = resolveSchema(form.schema, document);
  const properties = isSchema(schema.properties) ? (schema.properties as Record<string, Schema>) : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
  return { properties, required };
}

function jsonBodyOf(operation: Schema, document: OpenApiDocument): Schema | null {
  const content = isSchema(operation.requestBody) ? operation.requestBody.content : undefined;
  const json = isSchema(content) ? content['application/json'] : undefined;
  return isSchema(json) && json.schema !== undefined ? resolveSchema(json.schema, document) : null;
}

function responsesOf(operation: Schema, document: OpenApiDocument): Map<number, Schema> {
  const out = new Map<number, Schema>();
  const responses = isSchema(operation.responses) ? operation.responses : {};
  for (const [status, response] of Object.entries(responses)) {
    const content = isSchema(response) && isSchema(response.content) ? response.content['application/json'] : undefined;
    if (isSchema(content) && content.schema !== undefined) out.set(Number(status), resolveSchema(content.schema, document));
  }
  return out;
}

function buildIndex(document: OpenApiDocument): Map<string, RawOperation> {
  const index = new Map<string, RawOperation>();
  for (const [pathTemplate, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (isSchema(operation) && typeof operation.operationId === 'string') {
        index.set(operation.operationId, { method: method.toUpperCase(), pathTemplate, operation });
      }
    }
  }
  return index;
}

function resolveOperation(spec: SpecName, operationId: string, raw: RawOperation, document: OpenApiDocument): SpecOperation {
  const parameters = (Array.isArray(raw.operation.parameters) ? raw.operation.parameters : [])
    .map((parameter) => parameterOf(parameter, document))
    .filter((parameter): parameter is SpecParameter => parameter !== null);
  return {
    operationId,
    spec,
    method: raw.method,
    pathTemplate: raw.pathTemplate,
    pathRegex: templateRegex(raw.pathTemplate),
    parameters,
    body: formBodyOf(raw.operation, document),
    jsonBody: jsonBodyOf(raw.operation, document),
    responses: responsesOf(raw.operation, document),
  };
}

/** The operation with this operationId in the given spec (resolved on first use, then cached). */
export function findOperation(spec: SpecName, operationId: string): SpecOperation | undefined {
  const key = `${spec}:${operationId}`;
  const cached = resolved.get(key);
  if (cached) return cached;
  const document = loadSpec(spec);
  let index = indexes.get(spec);
  if (!index) {
    index = buildIndex(document);
    indexes.set(spec, index);
  }
  const raw = index.get(operationId);
  if (!raw) return undefined;
  const operation = resolveOperation(spec, operationId, raw, document);
  resolved.set(key, operation);
  return operation;
}
