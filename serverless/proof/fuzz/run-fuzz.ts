import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readErrorBody } from 'plugin-outbound-recording/contract';
import { mulberry32 } from '../../emulator/prng';
import { startRig, type Rig } from '../rig';
import { STATUS_FUNCTION, hostileRequest, type FuzzContext } from './hostile-requests';

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
  /** Voice and TaskRouter requests made during the run: acting on behalf of a hostile request (must be 0). */
  twilioRequestsMade: number;
  /**
   * Flex token validations asked of Twilio's IAM during the run: a token shaped like a Flex token can only
   * be judged by Twilio (it is encrypted), so each distinct forged one costs one validation; they act on nothing.
   */
  iamValidations: number;
  /** After the run: a genuine start (recording created and linked) and a genuine status callback still succeed. */
  servingAfter: boolean;
  durationMs: number;
  seed: number;
}

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
      twilioRequestsMade: 0,
      iamValidations: 0,
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
        const { status, body } = await send(rig.functions.url, request);
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
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
    await rig.emulator.flushStatusCallbacks();

    const log = rig.emulator.requests();
    report.twilioRequestsMade = log.filter((r) => r.hostKind !== 'iam').length;
    report.iamValidations = log.filter((r) => r.hostKind === 'iam').length;
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
  const started = await send(functions.url, {
    kind: 'setup',
    path: '/recording/start',
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Token: validToken, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid }).toString(),
  });
  if (started.status !== 200) throw new Error(`setup: the genuine start failed (${started.status} ${started.body})`);
  await emulator.flushStatusCallbacks();
  const genuine = emulator.statusCallbacks().find((c) => c.delivery.state === 'delivered');
  if (!genuine?.delivery.signature) throw new Error('setup: no genuine status callback was delivered');
  return {
    taskSid: call.taskSid,
    callSid: call.customerCallSid,
    conferenceSid: call.conferenceSid,
    recordingSid: (JSON.parse(started.body) as { recordingSid: string }).recordingSid,
    accountSid: emulator.accountSid,
    validToken,
    expiredToken,
    genuineCallback: { params: genuine.params, signature: genuine.delivery.signature },
  };
}

async function stillServing(rig: Rig): Promise<boolean> {
  const { emulator, functions } = rig;
  const call = emulator.placeOutboundCall({ workerIdentity: 'after-fuzz', customer: 'answers' });
  const token = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] });
  const started = await send(functions.url, {
    kind: 'after',
    path: '/recording/start',
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Token: token, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid }).toString(),
  });
  emulator.hangUp(call.customerCallSid);
  await emulator.flushStatusCallbacks();
  const callbacks = emulator.statusCallbacks().filter((c) => c.url.includes(call.taskSid));
  const state = emulator.getTask(call.taskSid).attributes.call_recording as { status?: string } | undefined;
  return (
    started.status === 200 &&
    emulator.recordingsForCall(call.customerCallSid).length === 1 &&
    callbacks.length > 0 &&
    callbacks.every((c) => c.delivery.httpStatus === 200) &&
    state?.status === 'completed'
  );
}

async function send(base: string, request: { kind?: string; path: string; method: string; headers: Record<string, string>; body?: string; query?: string }) {
  try {
    const response = await fetch(`${base}${request.path}${request.query ?? ''}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined || request.method === 'GET' ? {} : { body: request.body }),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    // No answer at all (reset, timeout) counts as "other": the Functions must always answer.
    return { status: 0, body: String(error) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { STATUS_FUNCTION };
