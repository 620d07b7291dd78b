/**
 * One real-Flex agent, in a process of its own (Flex holds one worker per page): loads the installed Flex UI
 * runtime under jsdom (dev/real-flex/node/load-real-flex.ts), announces `loaded`, then boots the agent's page
 * and answers the benchmark's requests (protocol.ts) over the IPC channel. Exits when told to stop or when
 * the benchmark goes away. Bundled and started by real-flex-agents.ts.
 */
import { prepareRealFlexRuntime } from '../../real-flex/node/load-real-flex';
import type { ChildMessage, ParentMessage, ReplyBody } from './protocol';
import type { RealFlexPage } from './real-flex-page';

const started = performance.now();
// FlexPlugin announces itself, Flex logs its decorations, the plugin warns about calls it could not record:
// 4 agents' worth would bury the bench's output. Errors still reach stderr (shown if the agent fails).
console.log = () => undefined;
console.info = () => undefined;
console.debug = () => undefined;
console.warn = () => undefined;

prepareRealFlexRuntime();
// Only now: importing the page loads @twilio/flex-ui (through the patch the line above installed).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { RealFlexPage: Page } = require('./real-flex-page') as typeof import('./real-flex-page');

function send(message: ChildMessage): void {
  process.send?.(message);
}

let page: RealFlexPage | undefined;

function pageOf(): RealFlexPage {
  if (page === undefined) throw new Error('init first');
  return page;
}

async function handle(message: ParentMessage): Promise<ReplyBody> {
  switch (message.type) {
    case 'init': {
      const bootStarted = performance.now();
      page = new Page(message.agent);
      return { bootMs: performance.now() - bootStarted };
    }
    case 'ping':
      return { now: performance.now() };
    case 'dial':
      return pageOf().dial(message.call);
    case 'answer':
      return pageOf().answer(message.taskSid);
    case 'settle':
      return pageOf().settle(message.taskSid, message.timeoutMs);
    case 'finish':
      await pageOf().finish(message.taskSid);
      return {};
    case 'stop':
      page?.dispose();
      page = undefined;
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (message: ParentMessage) => {
  handle(message).then(
    (body) => send({ id: message.id, ok: true, body }),
    (error: unknown) => send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// The benchmark is gone (it ended, or was killed): so is this agent.
process.on('disconnect', () => process.exit(0));

send({ type: 'loaded', loadMs: performance.now() - started, rssBytes: process.memoryUsage().rss });
