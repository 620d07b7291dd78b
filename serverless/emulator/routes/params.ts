import { invalidParameter } from '../errors';
import type { ParamValue, Params } from '../request';

/**
 * Typed reading of form values inside handlers. Which parameters exist, their types and enums are
 * checked earlier against Twilio's official spec (spec/); these readers still refuse what they cannot
 * parse, so a handler stays correct when spec validation is set to 'report' or 'off'.
 */
export function single(form: Params, name: string): string | undefined {
  const value: ParamValue | undefined = form[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length !== 1) throw invalidParameter(`${name} must be given once`);
    return value[0];
  }
  return value;
}

export function oneOf<T extends string>(form: Params, name: string, allowed: readonly T[]): T | undefined {
  const value = single(form, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParameter(`Invalid ${name}: '${value}'. Must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A list parameter Twilio takes either repeated or as one space-separated value (or both). */
export function spaceOrRepeated(form: Params, name: string): string[] | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((item) => item.split(/[\s,]+/)).filter((item) => item.length > 0);
}

export function integer(form: Params, name: string): number | undefined {
  const value = single(form, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidParameter(`Invalid ${name}: '${value}' is not an integer`);
  return Number(value);
}

export function absoluteUrl(form: Params, name: string): string | undefined {
  const value = single(form, name);
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw invalidParameter(`Invalid ${name}: '${value}' is not an absolute http(s) URL`);
  }
  return value;
}
