// Bundles each Function (src/functions/**/*.ts) into one CommonJS file under dist/functions.
// Deployed Twilio Functions cannot import each other by relative path, so the shared core and the
// plugin/Functions contract are compiled into every Function; `twilio` stays a runtime dependency.
import { build } from 'esbuild';
import { readdirSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const functionsSrc = join(root, 'src', 'functions');

function listTs(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTs(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
const entryPoints = listTs(functionsSrc);
await build({
  entryPoints,
  outbase: functionsSrc,
  outdir: join(root, 'dist', 'functions'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['twilio', '@twilio-labs/serverless-runtime-types'],
  logLevel: 'warning',
});
console.log(`built ${entryPoints.length} Function(s): ${entryPoints.map((p) => relative(functionsSrc, p)).join(', ')}`);
