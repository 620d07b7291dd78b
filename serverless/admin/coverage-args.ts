import { parseArgs } from 'node:util';
import type { Parsed } from './args';
import { ENVIRONMENT_NAME } from './env-file';

export const COVERAGE_FORMATS = ['table', 'csv', 'json'] as const;
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

export interface CoverageOptions {
  /** Inclusive bounds, compared with the time TaskRouter logged the task's end (its task.completed / task.canceled event). */
  from: Date;
  to: Date;
  format: CoverageFormat;
  /** serverless/.env.<env> (else serverless/.env), as the doctor reads it. */
  environment: string | undefined;
  /** Exit 3 when any call is `missing` or `unknown` (not-answered and policy-excluded calls do not count). */
  failOnMissing: boolean;
}

export const COVERAGE_USAGE = `Usage: npm run coverage -- --from <date> --to <date> [--format table|csv|json] [--env <name>] [--fail-on-missing]

  --from <date>       first day (YYYY-MM-DD, UTC) or an ISO 8601 date-time with a zone
  --to <date>         last day, included whole (YYYY-MM-DD), or an ISO 8601 date-time
                      A call is in the range when its task ended (completed or canceled) in it.
                      TaskRouter keeps events 30 days: older calls cannot be reported.
  --format <f>        table (default, for reading), csv or json (for files and tools; stdout only)
  --env <name>        read serverless/.env.<name> (else serverless/.env), as npm run doctor does
  --fail-on-missing   exit 3 when any call is missing or unknown (not: not answered, excluded)

Exit codes: 0 report written (flagged calls included, unless --fail-on-missing), 1 Twilio unreachable
or the credentials refused, 2 bad arguments or configuration, 3 --fail-on-missing and such a call.`;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A day means all of it in UTC: --from its first millisecond, --to its last. */
export function parseDateBound(text: string, bound: 'from' | 'to'): Date | undefined {
  const day = DAY.exec(text);
  if (day) {
    const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    const date = new Date(start);
    // Date.UTC rolls 2026-02-31 over to March: refuse it instead.
    if (date.getUTCDate() !== Number(day[3]) || date.getUTCMonth() !== Number(day[2]) - 1) return undefined;
    return bound === 'from' ? date : new Date(start + 86_400_000 - 1);
  }
  if (!DATE_TIME.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function parseCoverageArgs(argv: readonly string[]): Parsed<CoverageOptions> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        env: { type: 'string' },
        'fail-on-missing': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { ok: false, help: true };
  if (typeof values.from !== 'string' || typeof values.to !== 'string') return bad('--from and --to are both required (e.g. --from 2026-11-01 --to 2026-11-30)');
  const from = parseDateBound(values.from, 'from');
  if (from === undefined) return bad(`--from "${values.from}" is not a date (YYYY-MM-DD) or an ISO 8601 date-time with a zone`);
  const to = parseDateBound(values.to, 'to');
  if (to === undefined) return bad(`--to "${values.to}" is not a date (YYYY-MM-DD) or an ISO 8601 date-time with a zone`);
  if (from.getTime() > to.getTime()) return bad(`--from ${values.from} is after --to ${values.to}`);
  const format = values.format ?? 'table';
  if (typeof format !== 'string' || !(COVERAGE_FORMATS as readonly string[]).includes(format)) return bad(`--format must be one of ${COVERAGE_FORMATS.join(', ')}`);
  const environment = values.env;
  if (environment !== undefined && (typeof environment !== 'string' || !ENVIRONMENT_NAME.test(environment))) {
    return bad(`--env "${String(environment)}" is not an environment name: lower-case letters, digits and "-", starting with a letter (e.g. dev, prod)`);
  }
  return { ok: true, options: { from, to, format: format as CoverageFormat, environment, failOnMissing: values['fail-on-missing'] === true } };
}

function bad(error: string): { ok: false; help: false; error: string } {
  return { ok: false, help: false, error };
}
