import type { IncomingHttpHeaders } from 'node:http';
import type { FaultKind } from './fault-config';
import type { HostKind, Params } from './request';

/** What the emulator saw, and how it answered. Tests assert on these. */
export interface LoggedRequest {
  /** Sequence number in arrival order, from 1 since the log was last cleared. */
  seq: number;
  method: string;
  host: string;
  hostKind: HostKind | null;
  path: string;
  query: Params;
  form: Params | null;
  json: unknown;
  headers: IncomingHttpHeaders;
  /** Route id (e.g. "CreateCallRecording", Twilio's operationId) when one matched. */
  routeId: string | null;
  /** HTTP status answered; null while the request is still being handled. */
  status: number | null;
  /** Twilio error code when the answer was an error. */
  errorCode: number | null;
  /** Set when an injected or configured fault produced the answer. */
  faulted: boolean;
  /** Which kind of fault answered ('injected', 'concurrency', 'rate', 'random-429', 'random-5xx'), or null. */
  faultKind: FaultKind | null;
  /** Whether the request was checked against an official OpenAPI operation (false e.g. for IAM). */
  specValidated: boolean;
  /** How the request departs from the official spec (see README); empty when it conforms. */
  specViolations: string[];
  /** How the emulator's own answer departs from the spec's response schema (a bug in the emulator). */
  responseViolations: string[];
  /** When the request arrived (emulator clock). */
  at: Date;
}

/** Filter for `requests()`/`countRequests()`; every given field must match. */
export interface RequestFilter {
  method?: string;
  hostKind?: HostKind;
  host?: string;
  /** Exact path, or a pattern tested against the path. */
  path?: string | RegExp;
  routeId?: string;
  status?: number;
}

export function matchesFilter(entry: LoggedRequest, filter: RequestFilter): boolean {
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.hostKind !== undefined && entry.hostKind !== filter.hostKind) return false;
  if (filter.host !== undefined && entry.host !== filter.host) return false;
  if (filter.routeId !== undefined && entry.routeId !== filter.routeId) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (typeof filter.path === 'string' && entry.path !== filter.path) return false;
  if (filter.path instanceof RegExp && !filter.path.test(entry.path)) return false;
  return true;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const logged = { ...entry, seq: ++this.seq };
    this.entries.push(logged);
    return logged;
  }

  list(filter: RequestFilter = {}): LoggedRequest[] {
    return this.entries.filter((entry) => matchesFilter(entry, filter));
  }

  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}
