import { existsSync, readdirSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { ERROR_STATUS, readErrorBody, recordingRequestBody, type StartRecordingRequest } from 'plugin-outbound-recording/contract';
import { twilioSignature } from '../../emulator';
import { mulberry32 } from '../../emulator/prng';
import { startRig, type Rig } from '../rig';
import { FLEX_ORIGIN, STATUS_FUNCTION, hostileRequest, type FuzzContext, type HostileRequest } from './hostile-requests';

export interface FuzzOptions {
  requests: number;
  seed: number;
  concurrency: number;
}

export interface FuzzReport {
  requests: number;
  functions: string[];
  status4xx: number;
  status5xx: number;
  otherStatus: number;
  /** 4xx answers whose body is the contract's `{ error: { code, message } }`. */
  jsonErrors: number;
  /** 4xx answers by twilio-run itself, before any Function ran (e.g. a body over its size limit), by status. */
  runtimeRefusals: Record<string, number>;
  byStatus: Record<string, number>;
  byErrorCode: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  /**
   * Answers other than the refusal the request's kind is for (must be 0): another status or code (a 2xx
   * above all), a body that is not the contract's JSON error, a field's refusal that does not name the field.
   */
  unexpectedAnswers: number;
  /** Answers that show something internal (a stack frame, a path, an error dump) or echo a token or secret (must be 0). */
  leaks: number;
  /** The first findings (unexpected answers, leaks, token validations that should not have been asked), request and answer. */
  findings: FuzzFinding[];
  /** Voice and TaskRouter requests made during the run: acting on behalf of a hostile request (must be 0). */
  twilioRequestsMade: number;
  /**
   * Flex token validations asked of Twilio's IAM during the run: a token shaped like a Flex token can only
   * be judged by Twilio (it is encrypted), so each distinct forged one costs one validation; they act on nothing.
   */
  iamValidations: number;
  /**
   * IAM validations of a token carried by a request that must be refused before authentication (origin,
   * envelope, content type, query, pollution: each carries a valid token never used before), must be 0.
   */
  preAuthTokenChecks: number;
  /** After the run: the fuzz's own genuine call still has its one recording, in progress, and its task is as it was. */
  fuzzCallUntouched: boolean;
  /** After the run: a genuine start (recording created and linked) and a genuine status callback still succeed. */
  servingAfter: boolean;
  durationMs: number;
  seed: number;
}

export interface FuzzFinding {
  kind: string;
  problem: string;
  request: { method: string; path: string; headers: HostileRequest['headers']; body?: string };
  answer: { status: number; body: string };
}

const MAX_FINDINGS = 20;

/** What an answer must never show: stack frames, paths, internal class names, error dumps. */
const INTERNAL_PATTERNS: RegExp[] = [
  /(^|\n)\s*at\s+\S/,
  /\bat\s+\S+\s+\([^)]*:\d+:\d+\)/,
  /\.(ts|js|mjs|cjs):\d+/,
  /\/work\b/,
  /node_modules/,
  /TwilioFailure/,
  /Error:/,
];

/** The deployed paths of the bundled Functions (`status.protected.js` serves /recording/status). */
export function bundledFunctions(distDir = resolve(__dirname, '../../dist/functions')): string[] {
  if (!existsSync(distDir)) throw new Error(`${distDir} is missing: run npm run build -w serverless first`);
  const walk = (dir: string, prefix: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name), `${prefix}/${entry.name}`) : entry.name.endsWith('.js') ? [`${prefix}/${entry.name.replace(/(\.protected|\.private)?\.js$/, '')}`] : [],
    );
  return walk(distDir, '').sort();
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const rig = await startRig();
  try {
    const functions = bundledFunctions();
    const ctx = await prepare(rig);
    const random = mulberry32(options.seed);
    const fuzzCallBefore = fuzzCallState(rig, ctx);
    const secrets = [rig.emulator.authToken, rig.emulator.apiKeySecret, ctx.validToken, ctx.expiredToken];
    /** Tokens of requests that must be refused before any Twilio request. */
    const preAuthTokens = new Map<string, HostileRequest>();
    const agent = new Agent({ keepAlive: true, maxSockets: Math.max(1, options.concurrency) });
    rig.emulator.clearRequests();

    const report: FuzzReport = {
      requests: 0,
      functions,
      status4xx: 0,
      status5xx: 0,
      otherStatus: 0,
      jsonErrors: 0,
      runtimeRefusals: {},
      byStatus: {},
      byErrorCode: {},
      byKind: {},
      unexpectedAnswers: 0,
      leaks: 0,
      findings: [],
      twilioRequestsMade: 0,
      iamValidations: 0,
      preAuthTokenChecks: 0,
      fuzzCallUntouched: false,
      servingAfter: false,
      durationMs: 0,
      seed: options.seed,
    };
    let next = 0;
    const worker = async () => {
      while (next < options.requests) {
        const n = next;
        next += 1;
        const request = hostileRequest(n, functions, ctx, random);
        if (request.twilio === 'none') request.tokens.forEach((token) => preAuthTokens.set(token, request));
        const { status, body } = await send(rig.functions.url, request, agent);
        report.requests += 1;
        report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
        const kind = (report.byKind[`${request.path} ${request.kind}`] ??= {});
        kind[status] = (kind[status] ?? 0) + 1;
        if (status >= 400 && status < 500) report.status4xx += 1;
        else if (status >= 500) report.status5xx += 1;
        else report.otherStatus += 1;
        const error = readErrorBody(parseJson(body));
        if (status >= 400 && status < 500) {
          if (error !== undefined) {
            report.jsonErrors += 1;
            report.byErrorCode[error.code] = (report.byErrorCode[error.code] ?? 0) + 1;
          } else {
            report.runtimeRefusals[status] = (report.runtimeRefusals[status] ?? 0) + 1;
          }
        }
        const finding = (problem: string) => {
          if (report.findings.length < MAX_FINDINGS) report.findings.push(findingOf(request, problem, status, body));
        };
        const unexpected = unexpectedAnswer(request, status, error);
        if (unexpected !== undefined) {
          report.unexpectedAnswers += 1;
          finding(unexpected);
        }
        const leak = leakIn(body, error?.message, [...secrets, ...request.tokens]);
        if (leak !== undefined) {
          report.leaks += 1;
          finding(leak);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
    agent.destroy();
    await rig.emulator.flushStatusCallbacks();

    const log = rig.emulator.requests();
    report.twilioRequestsMade = log.filter((r) => r.hostKind !== 'iam').length;
    const iam = log.filter((r) => r.hostKind === 'iam');
    report.iamValidations = iam.length;
    const preAuthChecked = iam.flatMap((r) => {
      const token = (r.json as { token?: unknown } | null)?.token;
      const request = typeof token === 'string' ? preAuthTokens.get(token) : undefined;
      return request === undefined ? [] : [{ request, status: r.status ?? 0 }];
    });
    report.preAuthTokenChecks = preAuthChecked.length;
    for (const { request, status } of preAuthChecked.slice(0, Math.max(0, MAX_FINDINGS - report.findings.length))) {
      report.findings.push(findingOf(request, `its token was sent to Twilio's IAM for validation (IAM answered ${status}): it must be refused before authentication`, 0, ''));
    }
    report.fuzzCallUntouched = JSON.stringify(fuzzCallState(rig, ctx)) === JSON.stringify(fuzzCallBefore);
    report.servingAfter = await stillServing(rig);
    report.durationMs = Date.now() - started;
    return report;
  } finally {
    await rig.close();
  }
}

/** A real, recorded call: the fuzz's material (valid SIDs, a valid token, a genuine signed callback). */
async function prepare(rig: Rig): Promise<FuzzContext> {
  const { emulator, functions } = rig;
  const call = emulator.placeOutboundCall({ workerIdentity: 'fuzz', customer: 'answers' });
  const validToken = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] });
  const expiredToken = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] });
  emulator.expireFlexToken(expiredToken);
  const started = await send(functions.url, genuineStart({ Token: validToken, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid }));
  if (started.status !== 200) throw new Error(`setup: the genuine start failed (${started.status} ${started.body})`);
  const recordingSid = (JSON.parse(started.body) as { recordingSid: string }).recordingSid;
  const genuine = genuineCallbackOf(rig, call.customerCallSid, recordingSid);
  return {
    taskSid: call.taskSid,
    callSid: call.customerCallSid,
    conferenceSid: call.conferenceSid,
    recordingSid,
    accountSid: emulator.accountSid,
    validToken,
    expiredToken,
    freshToken: () => emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] }),
    genuineCallback: genuine,
  };
}

/**
 * A status callback exactly as Twilio would post it for the genuine recording (its own callback URL, its
 * figures, signed with the account's auth token): the material the callback kinds alter. Built here because
 * the Functions ask Twilio only for `absent`, which a good recording never sends.
 */
function genuineCallbackOf(rig: Rig, callSid: string, recordingSid: string): FuzzContext['genuineCallback'] {
  const { emulator } = rig;
  const recording = emulator.recordingsForCall(callSid).find((candidate) => candidate.sid === recordingSid);
  if (recording?.statusCallback == null) throw new Error('setup: the genuine recording has no status callback URL');
  const params: Record<string, string> = {
    AccountSid: emulator.accountSid,
    CallSid: callSid,
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recordingSid}`,
    RecordingStatus: 'completed',
    RecordingDuration: '7',
    RecordingChannels: '2',
    RecordingSource: 'StartCallRecordingAPI',
    RecordingStartTime: recording.startTime.toUTCString().replace('GMT', '+0000'),
  };
  return { params, signature: twilioSignature(emulator.authToken, recording.statusCallback, params) };
}

async function stillServing(rig: Rig): Promise<boolean> {
  const { emulator, functions } = rig;
  const call = emulator.placeOutboundCall({ workerIdentity: 'after-fuzz', customer: 'answers' });
  const token = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] });
  const started = await send(functions.url, genuineStart({ Token: token, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid }));
  if (started.status !== 200) return false;
  const recordingSid = (JSON.parse(started.body) as { recordingSid: string }).recordingSid;
  emulator.hangUp(call.customerCallSid);
  // The status Function too: a genuine callback for the new recording, as Twilio would sign it.
  const recording = emulator.recordingsForCall(call.customerCallSid).find((candidate) => candidate.sid === recordingSid);
  const callback = genuineCallbackOf(rig, call.customerCallSid, recordingSid);
  const statusUrl = new URL(recording?.statusCallback ?? '');
  const delivered = await send(functions.url, {
    path: `${statusUrl.pathname}${statusUrl.search}`,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': callback.signature },
    body: new URLSearchParams(callback.params).toString(),
  });
  const state = emulator.getTask(call.taskSid).attributes.call_recording as { status?: string } | undefined;
  return emulator.recordingsForCall(call.customerCallSid).length === 1 && delivered.status === 200 && state?.status === 'completed';
}

/** A start as the plugin sends it: the contract's envelope as JSON, from Flex's origin. */
function genuineStart(fields: StartRecordingRequest): Sendable {
  return { path: '/recording/start', method: 'POST', headers: { 'Content-Type': 'application/json', Origin: FLEX_ORIGIN }, body: JSON.stringify(recordingRequestBody(fields)) };
}

/** The fuzz's own call, as Twilio and TaskRouter hold it: its recordings and its task's attributes. */
function fuzzCallState(rig: Rig, ctx: FuzzContext): unknown {
  return {
    recordings: rig.emulator.recordingsForCall(ctx.callSid).map((r) => [r.sid, r.status]),
    attributes: rig.emulator.getTask(ctx.taskSid).attributes,
  };
}

/** Why the answer is not the refusal the request's kind is for; undefined when it is. */
function unexpectedAnswer(request: HostileRequest, status: number, error: ReturnType<typeof readErrorBody>): string | undefined {
  const { codes, mentions } = request.expected;
  const wanted = codes.map((code) => `${ERROR_STATUS[code]} ${code}`).join(' or ');
  if (error === undefined) return `answered ${status} without the contract's JSON error; expected ${wanted}`;
  if (!codes.includes(error.code) || ERROR_STATUS[error.code] !== status) return `answered ${status} ${error.code}; expected ${wanted}`;
  if (mentions !== undefined && !error.message.includes(mentions)) return `answered ${status} ${error.code} without naming ${mentions} ("${error.message}")`;
  return undefined;
}

/** What the answer shows that it must not: something internal, or a token or secret; undefined when clean. */
function leakIn(body: string, message: string | undefined, secrets: string[]): string | undefined {
  const shown = message ?? body;
  const internal = INTERNAL_PATTERNS.find((pattern) => pattern.test(shown));
  if (internal !== undefined) return `the answer shows something internal (${internal})`;
  if (secrets.some((secret) => secret.length >= 8 && body.includes(secret))) return 'the answer echoes a token or secret';
  return undefined;
}

function findingOf(request: HostileRequest, problem: string, status: number, body: string): FuzzFinding {
  const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text);
  return {
    kind: `${request.path} ${request.kind}`,
    problem,
    request: { method: request.method, path: `${request.path}${request.query ?? ''}`, headers: request.headers, ...(request.body === undefined ? {} : { body: cut(request.body, 600) }) },
    answer: { status, body: cut(body, 600) },
  };
}

interface Sendable {
  path: string;
  method: string;
  headers: Record<string, string | string[]>;
  body?: string;
  query?: string;
}

/**
 * One request over node:http (a header given as a list goes once per value: fetch cannot repeat one).
 * No answer at all (reset, timeout) is status 0, counted as "other": the Functions must always answer.
 */
function send(base: string, request: Sendable, agent?: Agent): Promise<{ status: number; body: string }> {
  const url = new URL(`${request.path}${request.query ?? ''}`, base);
  const body = request.body === undefined || request.method === 'GET' ? undefined : request.body;
  const headers: Record<string, string | string[]> = { ...request.headers };
  if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolvePromise) => {
    let settled = false;
    const settle = (answer: { status: number; body: string }) => {
      if (settled) return;
      settled = true;
      resolvePromise(answer);
    };
    const outgoing = httpRequest(url, { method: request.method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => settle({ status: 0, body: String(error) }));
      response.on('end', () => settle({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', (error) => settle({ status: 0, body: String(error) }));
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error('no answer within 30 s')));
    outgoing.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { STATUS_FUNCTION };
