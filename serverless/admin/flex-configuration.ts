import { SETTINGS_LOCATION, SETTINGS_PATH, rawSettingsOf } from 'plugin-outbound-recording/settings';
import type { TwilioClient } from './network-checks';

/**
 * The Flex Configuration API, the one place the plugin's run-time settings live:
 *
 * - read:  `GET  https://flex-api.twilio.com/v1/Configuration` (the library's `flexApi.v1.configuration().fetch()`)
 * - write: `POST https://flex-api.twilio.com/v1/Configuration`, JSON `{ account_sid, ui_attributes }`
 *   (`flexApi.v1.configuration().update(body)`, which sends the object as the JSON body).
 *
 * Twilio documents that a JSON-typed field given in the POST replaces the stored value completely, so
 * `ui_attributes` is always written whole: read, change our one object, write back everything else as
 * it was read. (Twilio offers no version check on this resource: a change made by someone else between
 * the read and the write would be lost; the window is one round trip.)
 */
export const FLEX_CONFIGURATION_URL = 'https://flex-api.twilio.com/v1/Configuration';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type MergeResult =
  | {
      ok: true;
      /** The whole ui_attributes to write. */
      uiAttributes: JsonObject;
      /** What was at the settings' place before (undefined: nothing). */
      previous: unknown;
      /** False when the configuration already holds exactly these settings. */
      changed: boolean;
      /** Every other key on the way to the settings, kept as it was (e.g. "ui_attributes.custom_data.features.callbacks"). */
      kept: string[];
    }
  | { ok: false; problem: string };

/**
 * ui_attributes with `custom_data.features.outbound_recording` replaced by `settings`, and every other
 * key of ui_attributes, custom_data and features left exactly as it was. Pure: nothing is changed in place.
 */
export function mergePluginSettings(uiAttributes: unknown, settings: JsonObject): MergeResult {
  if (uiAttributes !== undefined && uiAttributes !== null && !isObject(uiAttributes)) {
    return { ok: false, problem: `ui_attributes of the Flex configuration is not a JSON object (${typeof uiAttributes}); not overwriting it` };
  }
  const kept: string[] = [];
  const write = (node: JsonObject | undefined, depth: number, where: string): JsonObject | string => {
    const key = SETTINGS_PATH[depth] as string;
    const base = node ?? {};
    for (const other of Object.keys(base)) if (other !== key) kept.push(`${where}.${other}`);
    if (depth === SETTINGS_PATH.length - 1) return { ...base, [key]: structuredClone(settings) };
    const child = base[key];
    if (child !== undefined && child !== null && !isObject(child)) {
      return `${where}.${key} of the Flex configuration is not a JSON object (${JSON.stringify(child)}); not overwriting it`;
    }
    const next = write(child === null ? undefined : child, depth + 1, `${where}.${key}`);
    return typeof next === 'string' ? next : { ...base, [key]: next };
  };
  const merged = write(isObject(uiAttributes) ? uiAttributes : undefined, 0, 'ui_attributes');
  if (typeof merged === 'string') return { ok: false, problem: merged };
  const previous = rawSettingsOf(uiAttributes);
  return { ok: true, uiAttributes: merged, previous, changed: canonical(previous) !== canonical(settings), kept };
}

/** JSON with object keys sorted, so equal settings compare equal whatever order they were written in. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, node: unknown) =>
    isObject(node) ? Object.fromEntries(Object.keys(node).sort().map((key) => [key, node[key]])) : node,
  );
}

/** The plugin settings' home and whether Flex's native call recording is on, in one read. */
export async function readFlexRecordingConfiguration(client: TwilioClient): Promise<{ uiAttributes: unknown; callRecordingEnabled: boolean }> {
  const configuration = await client.flexApi.v1.configuration().fetch();
  return { uiAttributes: configuration.uiAttributes, callRecordingEnabled: configuration.callRecordingEnabled === true };
}

export async function readUiAttributes(client: TwilioClient): Promise<unknown> {
  const configuration = await client.flexApi.v1.configuration().fetch();
  return configuration.uiAttributes;
}

/** Writes the whole ui_attributes; answers the ui_attributes the configuration holds afterwards. */
export async function writeUiAttributes(client: TwilioClient, accountSid: string, uiAttributes: JsonObject): Promise<unknown> {
  const updated = await client.flexApi.v1.configuration().update({ account_sid: accountSid, ui_attributes: uiAttributes });
  return updated.uiAttributes;
}

export { SETTINGS_LOCATION };
