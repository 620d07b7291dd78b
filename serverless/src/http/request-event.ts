/** The runtime's event: body fields (form or JSON) merged with query parameters, plus `request.headers`. */
export type FunctionEvent = Record<string, unknown> & { request?: { headers?: Record<string, unknown> } };

export function headerOf(event: FunctionEvent, name: string): string | undefined {
  const headers = event.request?.headers;
  if (!headers) return undefined;
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}
