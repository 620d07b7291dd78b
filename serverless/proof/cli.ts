import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `--name value` pairs; unknown flags are refused so a typo never silently runs the default. */
export function parseFlags(argv: string[], known: Record<string, 'number' | 'string'>): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    const kind = known[name];
    if (kind === undefined) throw new Error(`unknown option ${flag}; known: ${Object.keys(known).map((k) => `--${k}`).join(' ')}`);
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i += 1;
    if (kind === 'number') {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 0) throw new Error(`${flag} must be a whole number, not "${value}"`);
      values[name] = number;
    } else {
      values[name] = value;
    }
  }
  return values;
}

/** npm runs workspace scripts in the workspace; a relative --out means where `npm` was run (INIT_CWD). */
export function writeReport(file: string | undefined, report: object): string | undefined {
  if (file === undefined) return undefined;
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

export function markdownTable(rows: Array<[string, string | number]>): string {
  return ['| figure | value |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n');
}
