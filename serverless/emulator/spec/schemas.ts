import { DOCUMENTED_NULLABLE_REFS } from './documented-enums';
import type { OpenApiDocument } from './documents';

/** A JSON Schema object as OpenAPI 3.0 writes it (nullable, $ref into #/components). */
export type Schema = { [keyword: string]: unknown };

export function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lookup(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = document;
  for (const segment of ref.slice(2).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  if (node === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  return node;
}

/**
 * Inlines every local `$ref` (Twilio models enums as refs to components) and adapts OpenAPI 3.0 to
 * what Ajv compiles: `nullable` without a `type` (e.g. `encryption_details`) means "anything", so it
 * is dropped. A ref cycle becomes `{}` (accept anything) rather than recursing forever; the specs
 * used here have none, but the resolver must not hang if one appears.
 */
export function resolveSchema(schema: unknown, document: OpenApiDocument, seen: readonly string[] = []): Schema {
  if (!isSchema(schema)) return {};
  if (typeof schema.$ref === 'string') {
    if (seen.includes(schema.$ref)) return {};
    const target = resolveSchema(lookup(document, schema.$ref), document, [...seen, schema.$ref]);
    if (!DOCUMENTED_NULLABLE_REFS.includes(schema.$ref)) return target;
    return { ...target, nullable: true, ...(Array.isArray(target.enum) ? { enum: [...target.enum, null] } : {}) };
  }
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'example' || keyword === 'examples' || keyword === 'description') continue;
    if (keyword === 'properties' && isSchema(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, resolveSchema(sub, document, seen)]));
    } else if ((keyword === 'items' || keyword === 'additionalProperties') && isSchema(value)) {
      out[keyword] = resolveSchema(value, document, seen);
    } else if ((keyword === 'allOf' || keyword === 'anyOf' || keyword === 'oneOf') && Array.isArray(value)) {
      out[keyword] = value.map((sub) => resolveSchema(sub, document, seen));
    } else {
      out[keyword] = value;
    }
  }
  if (out.nullable === true && out.type === undefined) delete out.nullable;
  return out;
}

/** The schema's single type ("integer", "array", ...), if it declares one. */
export function typeOf(schema: Schema): string | undefined {
  return typeof schema.type === 'string' ? schema.type : undefined;
}
