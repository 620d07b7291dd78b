/** What `npm run bench -- ...` accepts. */
export interface BenchOptions {
  /** Where the JSON report goes; none: only the table is printed. */
  out: string | undefined;
  /** Added latency L per Twilio request, ms. */
  latencyMs: number;
  /** Calls measured one after another for the time to record and the cost per call (>= 200 for the figure). */
  calls: number;
  /** Agents whose first call is measured (their Flex token not yet validated by the Functions). */
  firstCalls: number;
  /** Agents whose customers answer within the burst window. */
  burst: number;
  burstWindowMs: number;
  /** The emulator's concurrency limit (429 above it). */
  maxConcurrent: number;
  /** Tasks through one plugin instance in the long shift. */
  shift: number;
  /** Real-Flex agents (one process each) for the browser-path time to record; 0 skips that figure. */
  browserAgents: number;
  /** Calls measured on real Flex, one at a time, round robin over those agents. */
  browserCalls: number;
  /** Agents whose page closes right after dialling (only the server path can record their calls); 0 skips the figure. */
  browserGone: number;
  /** Also print the README's performance table (markdown) for this run. */
  readmeTable: boolean;
  /** Small numbers everywhere, no plugin build: for the test. */
  quick: boolean;
  /** Build the plugin with flex-plugin-scripts when its bundle is missing or older than src/ (default on, off with --quick). */
  buildPlugin: boolean;
}

export const DEFAULTS: BenchOptions = {
  out: undefined,
  latencyMs: 50,
  calls: 200,
  firstCalls: 20,
  burst: 1000,
  burstWindowMs: 10_000,
  maxConcurrent: 100,
  shift: 2000,
  browserAgents: 4,
  browserCalls: 40,
  browserGone: 20,
  readmeTable: false,
  quick: false,
  buildPlugin: true,
};

const QUICK: Partial<BenchOptions> = { calls: 5, firstCalls: 3, burst: 20, burstWindowMs: 1000, shift: 30, browserAgents: 1, browserCalls: 3, browserGone: 3, buildPlugin: false };

export const USAGE = `npm run bench -- [--out FILE] [--latency MS] [--calls N] [--first-calls N] [--burst N] [--burst-window MS]
                    [--max-concurrent N] [--shift N] [--browser-agents N] [--browser-calls N] [--browser-gone N]
                    [--readme-table] [--quick] [--no-build]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = { ...DEFAULTS, ...(quick ? QUICK : {}), quick };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
      i += 1;
      return next;
    };
    const count = (min: number): number => {
      const text = value();
      const parsed = Number(text);
      if (!Number.isInteger(parsed) || parsed < min) throw new Error(`${flag} must be an integer >= ${min}, got ${text}`);
      return parsed;
    };
    switch (flag) {
      case '--out':
        options.out = value();
        break;
      case '--latency':
        options.latencyMs = count(1);
        break;
      case '--calls':
        options.calls = count(1);
        break;
      case '--first-calls':
        options.firstCalls = count(1);
        break;
      case '--burst':
        options.burst = count(1);
        break;
      case '--burst-window':
        options.burstWindowMs = count(1);
        break;
      case '--max-concurrent':
        options.maxConcurrent = count(1);
        break;
      case '--shift':
        options.shift = count(1);
        break;
      case '--browser-agents':
        options.browserAgents = count(0);
        break;
      case '--browser-calls':
        options.browserCalls = count(1);
        break;
      case '--browser-gone':
        options.browserGone = count(0);
        break;
      case '--readme-table':
        options.readmeTable = true;
        break;
      case '--no-build':
        options.buildPlugin = false;
        break;
      case '--quick':
        break;
      default:
        throw new Error(`Unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}
