/**
 * Request and response validation against Twilio's official OpenAPI specs (see documents.ts for
 * where they come from). Route ids are the specs' operationIds.
 */
import type { HostKind } from '../request';
import { SPEC_FILES, type SpecName } from './documents';
import { findOperation, type SpecOperation } from './operations';

export { validateRequest, formatViolation, type SpecViolation, type ValidationOptions } from './request-validator';
export { validateResponse } from './response-validator';
export { findOperation, type SpecOperation } from './operations';
export { DOCUMENTED_ENUMS } from './documented-enums';

/** Which spec describes a host's operations; IAM's token validation is in none of them. */
export function specFor(hostKind: HostKind): SpecName | null {
  return hostKind in SPEC_FILES ? (hostKind as SpecName) : null;
}

/** The official operation behind a route, or undefined (e.g. ValidateToken). */
export function operationForRoute(route: { id: string; host: HostKind }): SpecOperation | undefined {
  const spec = specFor(route.host);
  return spec === null ? undefined : findOperation(spec, route.id);
}
