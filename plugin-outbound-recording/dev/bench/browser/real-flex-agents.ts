/**
 * Real-Flex agents for the benchmark: each in a Node process of its own (Flex holds one worker per page,
 * ~150-300 MB and a few seconds to load), driven over IPC (protocol.ts). The agent process is bundled once
 * with esbuild (our TypeScript only; npm packages, @twilio/flex-ui included, stay external and load natively,
 * Flex through the patch of dev/real-flex/node/load-real-flex.ts) and run by plain node, without tsx.
 *
 * Each agent's clock is mapped onto the benchmark's (performance.now() of both): a few pings, the one with the
 * shortest round trip gives the offset, with at most half that round trip as its error (`clockErrorMs`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

import type { AgentIdentity, AnswerReply, ChildMessage, DialReply, DialRequest, InitReply, ParentMessage, ReplyBody, SettleReply } from './protocol';

const PLUGIN_DIR = resolve(__dirname, '..', '..', '..');
/** Inside the plugin's node_modules, so the bundle's bare requires resolve from the plugin, as its sources' do. */
const BUNDLE_DIR = join(PLUGIN_DIR, 'node_modules', '.cache', 'bench');
const LOAD_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 30_000;
const CLOCK_PINGS = 15;

/** Bundles real-flex-agent-process.ts for plain node; returns the file. */
export async function bundleAgentProcess(): Promise<string> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = join(BUNDLE_DIR, 'real-flex-agent.js');
  await build({
    entryPoints: [resolve(__dirname, 'real-flex-agent-process.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    jsx: 'transform',
    logLevel: 'silent',
    absWorkingDir: PLUGIN_DIR,
    packages: 'external',
  });
  return outfile;
}

type Pending = { resolve: (body: ReplyBody) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> };

export class RealFlexAgent {
  /** Child clock minus benchmark clock (ms). */
  private offsetMs = 0;
  /** Half the shortest ping round trip: how far the mapped times can be off. */
  clockErrorMs = Number.NaN;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private output = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
    /** Loading Flex (jsdom and the bundle's module graph) in the agent's process, ms. */
    readonly loadMs: number,
    readonly rssAfterLoadBytes: number,
    exited: Promise<number | null>,
  ) {
    this.exited = exited;
    child.on('message', (message: ChildMessage) => {
      if (!('id' in message)) return;
      const waiting = this.pending.get(message.id);
      if (waiting === undefined) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.ok) waiting.resolve(message.body);
      else waiting.reject(new Error(`real-Flex agent ${this.name}: ${message.error}`));
    });
    void exited.then((code) => {
      for (const [id, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`real-Flex agent ${this.name} exited (code ${code}) before answering request ${id}:\n${this.output.slice(-4000)}`));
      }
      this.pending.clear();
    });
  }

  /** Starts the agent's process and waits until Flex is loaded in it. */
  static start(bundle: string, name: string): Promise<RealFlexAgent> {
    const child = fork(bundle, [], {
      cwd: PLUGIN_DIR,
      // Not the benchmark's own flags (tsx's loader): the bundle is plain CommonJS.
      execArgv: [],
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    return new Promise((resolveAgent, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`real-Flex agent ${name} did not load Flex within ${LOAD_TIMEOUT_MS} ms:\n${output}`));
      }, LOAD_TIMEOUT_MS);
      const onMessage = (message: ChildMessage) => {
        if (!('type' in message) || message.type !== 'loaded') return;
        clearTimeout(timer);
        child.off('message', onMessage);
        const agent = new RealFlexAgent(child, name, message.loadMs, message.rssBytes, exited);
        agent.output = output;
        child.stdout?.off('data', keep);
        child.stderr?.off('data', keep);
        const keepOnAgent = (chunk: Buffer) => (agent.output = (agent.output + chunk.toString()).slice(-20_000));
        child.stdout?.on('data', keepOnAgent);
        child.stderr?.on('data', keepOnAgent);
        resolveAgent(agent);
      };
      child.on('message', onMessage);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`real-Flex agent ${name} exited (code ${code}) while loading Flex:\n${output}`));
      });
    });
  }

  /** Boots the agent's Flex page (signed in as this worker) with the plugin, then maps its clock. */
  async init(agent: AgentIdentity): Promise<InitReply> {
    const reply = (await this.request({ type: 'init', agent })) as InitReply;
    await this.syncClock();
    return reply;
  }

  dial(call: DialRequest): Promise<DialReply> {
    return this.request({ type: 'dial', call }) as Promise<DialReply>;
  }

  answer(taskSid: string): Promise<AnswerReply> {
    return this.request({ type: 'answer', taskSid }) as Promise<AnswerReply>;
  }

  settle(taskSid: string, timeoutMs: number): Promise<SettleReply> {
    return this.request({ type: 'settle', taskSid, timeoutMs }, timeoutMs + REQUEST_TIMEOUT_MS) as Promise<SettleReply>;
  }

  async finish(taskSid: string): Promise<void> {
    await this.request({ type: 'finish', taskSid });
  }

  /** A time of the agent's clock on the benchmark's. */
  toBenchClock(agentTime: number): number {
    return agentTime - this.offsetMs;
  }

  /** Disposes the plugin and the page; the process exits (killed if it does not within 5 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.request({ type: 'stop' }, 5000).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  private async syncClock(): Promise<void> {
    let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
    for (let i = 0; i < CLOCK_PINGS; i += 1) {
      const sent = performance.now();
      const { now } = (await this.request({ type: 'ping' })) as { now: number };
      const received = performance.now();
      if (received - sent < best.rtt) best = { rtt: received - sent, offset: now - (sent + received) / 2 };
    }
    this.offsetMs = best.offset;
    this.clockErrorMs = best.rtt / 2;
  }

  private request(message: DistributiveOmit<ParentMessage, 'id'>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<ReplyBody> {
    const id = this.nextId++;
    return new Promise((resolveReply, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`real-Flex agent ${this.name}: no answer to ${message.type} within ${timeoutMs} ms:\n${this.output.slice(-4000)}`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolveReply, reject, timer });
      this.child.send({ ...message, id } as ParentMessage);
    });
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** Starts `count` agents side by side (their Flex loads overlap); stops the started ones if any fails. */
export async function startAgents(count: number): Promise<RealFlexAgent[]> {
  const bundle = await bundleAgentProcess();
  const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => RealFlexAgent.start(bundle, `real-flex-${i}`)));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(started.map((agent) => agent.stop()));
    throw failed.reason;
  }
  return started;
}
