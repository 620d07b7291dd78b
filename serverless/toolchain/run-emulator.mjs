// Runs the Twilio emulator's CLI (emulator/cli.ts) for the offline sandbox: bundles it with the
// project's esbuild into node_modules/.cache (ignored by git, and close enough to node_modules that
// its dependencies - ajv, the Twilio specs - resolve), then runs it in this process so SIGINT/SIGTERM
// reach its handlers directly. Usage: npm run emulator -w serverless -- --port 4010
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'node_modules', '.cache', 'twilio-emulator');
// One file per process, so two runs (the sandbox and a test) never write the same bundle at once.
const outfile = join(outdir, `cli-${process.pid}.cjs`);
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [join(root, 'emulator', 'cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const cli = createRequire(import.meta.url)(outfile);
rmSync(outfile, { force: true }); // loaded: the file is no longer needed
await cli.run(process.argv.slice(2), process.env);
