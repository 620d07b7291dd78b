import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from 'plugin-outbound-recording/contract';

/**
 * Who may use the control API: only this machine. The socket must come from loopback; the Host
 * header must name loopback (so a web page cannot reach it by DNS rebinding); and a browser's Origin,
 * when sent, must be a loopback page (so another site cannot drive it cross-origin).
 */

export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

function hostnameOf(hostHeader: string): string {
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
}

export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

export type Refusal = { status: number; message: string } | null;

export function refusalFor(req: IncomingMessage): Refusal {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return { status: 403, message: 'the control API only answers loopback clients' };
  if (!isLoopbackHost(hostnameOf(req.headers.host ?? ''))) return { status: 403, message: 'the Host header must name localhost/127.0.0.1' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null' && !isLoopbackOrigin(origin)) return { status: 403, message: `origin ${origin} is not a local page` };
  return null;
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined || !isLoopbackOrigin(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(status === 204 ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) }),
    'Cache-Control': 'no-store',
    ...corsHeaders(req),
    ...extra,
  });
  res.end(text);
}

/** A JSON object body, or {} when empty; anything else is a 400. */
export function objectBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ControlError(400, 'the body must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ControlError(400, 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ControlError(400, `${name} must be a string`);
  return value;
}

export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined || value === '') throw new ControlError(400, `${name} is required`);
  return value;
}

export function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ControlError(400, `${name} must be a number`);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ControlError(400, `${name} must be a boolean`);
  return value;
}

export function optionalEnum<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(body, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ControlError(400, `${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}
