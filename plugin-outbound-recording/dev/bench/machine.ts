import { cpus, totalmem, type as osType, release } from 'node:os';

/** One line naming the machine the figures came from. */
export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  return `${cores.length} x ${model}, ${gib} GiB RAM, ${osType()} ${release()}, Node ${process.version}`;
}
