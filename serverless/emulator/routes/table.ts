import type { EmulatorOptions } from '../options';
import type { EmulatorRequest, HostKind } from '../request';
import type { EmulatorState } from '../state';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** What a handler gets: the parsed request, path parameters, and the emulator's state. */
export interface RouteContext {
  request: EmulatorRequest;
  /** Path parameters by name, e.g. { AccountSid, CallSid }. */
  params: Record<string, string>;
  state: EmulatorState;
  options: Readonly<EmulatorOptions>;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * One row of the route table. `id` is Twilio's OpenAPI operationId where one exists, so request
 * validation against the official specs can later be attached per row.
 */
export interface Route {
  id: string;
  method: HttpMethod;
  host: HostKind;
  /** Path with `:Name` placeholders, e.g. "/2010-04-01/Accounts/:AccountSid/Calls/:CallSid.json". */
  path: string;
  /** The body encoding the endpoint takes. */
  body: 'form' | 'json' | 'none';
  handler: (context: RouteContext) => RouteResult;
}

export interface CompiledRoute extends Route {
  regex: RegExp;
}

/**
 * Placeholders match one path segment, lazily, so ":Sid.json" captures "Twilio.CURRENT" from
 * "Twilio.CURRENT.json".
 */
export function compileRoute(route: Route): CompiledRoute {
  const source = route.path
    .split(/(:[A-Za-z]+)/)
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { ...route, regex: new RegExp(`^${source}$`) };
}

export type RouteMatch =
  | { kind: 'matched'; route: CompiledRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: HttpMethod[] }
  | { kind: 'none' };

export function matchRoute(routes: readonly CompiledRoute[], hostKind: HostKind, method: string, path: string): RouteMatch {
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    if (route.host !== hostKind) continue;
    const match = route.regex.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = decodeURIComponent(value);
    return { kind: 'matched', route, params };
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}

export function ok(body: unknown, headers?: Record<string, string>): RouteResult {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

export function created(body: unknown): RouteResult {
  return { status: 201, body };
}
