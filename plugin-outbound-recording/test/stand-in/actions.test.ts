import { StandInActions } from '../../dev/flex-stand-in/actions';

function actions() {
  const registry = new StandInActions();
  const log: string[] = [];
  registry.registerAction('Do', async (payload: { n: number }) => {
    log.push(`body ${payload.n}`);
    return payload.n * 2;
  });
  return { registry, log };
}

describe('stand-in Actions (Flex UI 2.17 semantics)', () => {
  it('awaits every before-listener before the action, then runs after-listeners, and returns the result', async () => {
    const { registry, log } = actions();
    let release: () => void = () => undefined;
    registry.addListener('beforeDo', () => {
      log.push('before 1');
      return new Promise<void>((resolve) => (release = resolve));
    });
    registry.addListener('beforeDo', () => log.push('before 2'));
    registry.addListener('afterDo', () => log.push('after'));
    const result = registry.invokeAction('Do', { n: 21 });
    await Promise.resolve();
    expect(log).toEqual(['before 1', 'before 2']);
    release();
    await expect(result).resolves.toBe(42);
    expect(log).toEqual(['before 1', 'before 2', 'body 21', 'after']);
  });

  it('cancels the action when a before-listener calls its abort function', async () => {
    const { registry, log } = actions();
    registry.addListener('beforeDo', (_payload: unknown, abort: () => void) => abort());
    registry.addListener('afterDo', () => log.push('after'));
    await expect(registry.invokeAction('Do', { n: 1 })).rejects.toThrow('Action Do cancelled by before event');
    expect(log).toEqual([]);
    expect(registry.invocations.map((i) => i.outcome)).toEqual(['cancelled']);
  });

  it('logs and ignores a failing before- or after-listener', async () => {
    const { registry, log } = actions();
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    registry.addListener('beforeDo', async () => {
      throw new Error('boom');
    });
    registry.addListener('afterDo', () => {
      throw new Error('bang');
    });
    await expect(registry.invokeAction('Do', { n: 2 })).resolves.toBe(4);
    expect(log).toEqual(['body 2']);
    expect(error).toHaveBeenCalledTimes(2);
  });

  it('rejects unknown actions and applies payload update functions', async () => {
    const registry = new StandInActions();
    await expect(registry.invokeAction('Nope')).rejects.toThrow('Action Nope does not exist!');
    registry.registerAction('Echo', async (payload) => payload, (payload: { sid: string }) => ({ ...payload, task: `task for ${payload.sid}` }));
    const seen: unknown[] = [];
    registry.addListener('beforeEcho', (payload: unknown) => seen.push(payload));
    await expect(registry.invokeAction('Echo', { sid: 'WR1' })).resolves.toEqual({ sid: 'WR1', task: 'task for WR1' });
    expect(seen).toEqual([{ sid: 'WR1', task: 'task for WR1' }]);
  });

  it('runs replaced actions around the original, last replacement outermost', async () => {
    const { registry, log } = actions();
    registry.replaceAction('Do', async (payload, original) => {
      log.push('first');
      return original(payload);
    });
    registry.replaceAction('Do', async (payload, original) => {
      log.push('second');
      return original({ n: payload.n + 1 });
    });
    await expect(registry.invokeAction('Do', { n: 1 })).resolves.toBe(4);
    expect(log).toEqual(['second', 'first', 'body 2']);
  });

  it('counts listeners, and removes exactly the function given', () => {
    const { registry } = actions();
    const a = () => undefined;
    const b = () => undefined;
    registry.addListener('beforeDo', a);
    registry.addListener('beforeDo', b);
    registry.addListener('afterDo', a);
    expect(registry.listenerCounts()).toEqual({ beforeDo: 2, afterDo: 1 });
    registry.removeListener('beforeDo', a);
    registry.removeListener('beforeDo', a);
    expect(registry.listenerCounts()).toEqual({ beforeDo: 1, afterDo: 1 });
    expect(registry.totalListenerCount()).toBe(2);
  });
});
