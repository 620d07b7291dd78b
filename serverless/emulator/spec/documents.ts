import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Twilio's official OpenAPI 3.0 specs (twilio-oai), as packaged on npm inside @twilio-alpha/mcp
 * (a devDependency). The package has no `exports` map, so its package.json resolves and the JSON
 * files sit beside it under twilio-oai/spec/json/.
 */
export const SPEC_PACKAGE = '@twilio-alpha/mcp';

/** The spec files the emulator serves operations from, by the route table's host kind. */
export const SPEC_FILES = {
  api: 'twilio_api_v2010.json',
  taskrouter: 'twilio_taskrouter_v1.json',
  flex: 'twilio_flex_v1.json',
  intelligence: 'twilio_intelligence_v2.json',
} as const;

export type SpecName = keyof typeof SPEC_FILES;

/** The parts of an OpenAPI document the emulator reads; everything else stays `unknown`. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

const cache = new Map<SpecName, OpenApiDocument>();

export function specDirectory(): string {
  // Resolved from this file, so the bundled CLI (written under node_modules/.cache) finds it too.
  const packageJson = require.resolve(`${SPEC_PACKAGE}/package.json`, { paths: [__dirname, process.cwd()] });
  return join(dirname(packageJson), 'twilio-oai', 'spec', 'json');
}

/** Parsed once per process, on first use (2 MB + 0.6 MB + 0.5 MB of JSON, ~30 ms). */
export function loadSpec(name: SpecName): OpenApiDocument {
  let document = cache.get(name);
  if (!document) {
    document = JSON.parse(readFileSync(join(specDirectory(), SPEC_FILES[name]), 'utf8')) as OpenApiDocument;
    cache.set(name, document);
  }
  return document;
}
