import { spawn } from 'node:child_process';
import type { Writer } from './report';

export interface CommandSpec {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The whole environment of the child (callers start from their own and add to it). */
  env: NodeJS.ProcessEnv;
}

export interface CommandResult {
  /** null when the process could not be started or was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started at all (ENOENT: not installed / not on PATH). */
  startError?: NodeJS.ErrnoException;
}

export type Runner = (spec: CommandSpec, echo?: { out: Writer; err: Writer }) => Promise<CommandResult>;

/**
 * The process boundary: runs one command without a shell (arguments are passed as they are, so a
 * changelog with quotes or `$` cannot turn into shell syntax), optionally echoing its output while
 * capturing it for parsing. stdin is inherited so the CLIs' own prompts still reach the admin.
 */
export const runCommand: Runner = (spec, echo) =>
  new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (result: Omit<CommandResult, 'stdout' | 'stderr'>): void => {
      if (settled) return;
      settled = true;
      resolve({ ...result, stdout, stderr });
    };
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      echo?.out.write(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      echo?.err.write(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish({ exitCode: null, signal: null, startError: error }));
    child.on('close', (exitCode, signal) => finish({ exitCode, signal }));
  });
