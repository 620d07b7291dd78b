import { readRecordingRequestBody } from 'plugin-outbound-recording/contract';

/**
 * Watches the plugin's requests to the Functions from inside the page (the desk's "network tab"), so the
 * desk can show them and refresh its view of the emulator when one completes. Installed before the
 * plugin's init; the plugin looks fetch up at call time.
 */
export interface PluginRequest {
  id: number;
  path: string;
  fields: Record<string, string>;
  status?: number;
  answer?: string;
}

export function watchPluginTraffic(functionsBaseUrl: string, onUpdate: (requests: PluginRequest[]) => void): () => void {
  const original = window.fetch.bind(window);
  const requests: PluginRequest[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(functionsBaseUrl)) return original(input, init);
    const fields = stringFields(readRecordingRequestBody(init?.body));
    // The token is the agent's credential: shown shortened, as a browser's network tab would be screenshotted.
    if (fields.Token) fields.Token = `${fields.Token.slice(0, 12)}…`;
    const entry: PluginRequest = { id: requests.length + 1, path: url.slice(functionsBaseUrl.length), fields };
    requests.push(entry);
    onUpdate([...requests]);
    try {
      const response = await original(input, init);
      entry.status = response.status;
      entry.answer = await response.clone().text();
      return response;
    } catch (error) {
      entry.answer = String(error);
      throw error;
    } finally {
      onUpdate([...requests]);
    }
  };
  return () => {
    window.fetch = original;
  };
}

function stringFields(fields: Record<string, unknown> | undefined): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields ?? {})) if (typeof value === 'string') strings[name] = value;
  return strings;
}
