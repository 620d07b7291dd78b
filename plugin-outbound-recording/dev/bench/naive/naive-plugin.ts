import * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

/** The naive design's poll period, as in the recording plugins this product replaces. */
export const NAIVE_POLL_MS = 500;
/** The naive Function's path (served by naive-function.ts). */
export const NAIVE_START_PATH = '/naive/start';

/**
 * The baseline the benchmark compares against, kept deliberately small: the design many public recording
 * plugins use. It polls each accepted outbound task's conference every NAIVE_POLL_MS and asks its Function to
 * record every participant it has not seen joined before (the agent's leg included), once, with no retry and
 * no check for an existing recording. It cleans up after itself on taskCompleted, so the long-shift figure
 * compares designs rather than a deliberately sloppy teardown.
 */
export default class NaiveRecordingPlugin extends FlexPlugin {
  private readonly polls = new Map<string, ReturnType<typeof setInterval>>();

  constructor() {
    super('NaiveRecordingPlugin');
  }

  init(_flex: typeof Flex, manager: Flex.Manager): void {
    const url = `${process.env.FLEX_APP_FUNCTIONS_BASE_URL ?? ''}${NAIVE_START_PATH}`;
    manager.events.addListener('taskAccepted', (task: Flex.ITask) => {
      const attributes = task.attributes as { direction?: unknown } | undefined;
      if (task.taskChannelUniqueName !== 'voice' || attributes?.direction !== 'outbound') return;
      const started = new Set<string>();
      const poll = setInterval(() => {
        const conference = manager.store.getState().flex.conferences.states.get(task.taskSid)?.source;
        for (const participant of conference?.participants ?? []) {
          const callSid = participant.callSid;
          if (participant.status !== 'joined' || !callSid || started.has(callSid)) continue;
          started.add(callSid);
          const body = new URLSearchParams({ CallSid: callSid }).toString();
          globalThis
            .fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body })
            .then((response) => response.text())
            .catch(() => undefined);
        }
      }, NAIVE_POLL_MS);
      this.polls.set(task.taskSid, poll);
    });
    manager.events.addListener('taskCompleted', (task: Flex.ITask) => {
      clearInterval(this.polls.get(task.taskSid));
      this.polls.delete(task.taskSid);
    });
  }

  /** Intervals still running: what the long-shift figure counts for this design. */
  get runningPolls(): number {
    return this.polls.size;
  }
}
