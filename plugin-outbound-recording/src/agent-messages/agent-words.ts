import * as Flex from '@twilio/flex-ui';

import { AgentNotifier, createAgentNotifier } from './agent-notifier';
import { describeConfigurationProblems } from './describe-watch-report';
import { registerRecordingStrings } from './register-strings';
import { Translate, createTranslator } from './strings';

/** The plugin's words for the agent: its string templates (in the agent's language) and its notifications. */
export interface AgentWords {
  translate: Translate;
  notify: AgentNotifier;
  /** What the Retry of a "not recorded" notification does, once the watch exists. */
  setRetry(retry: (taskSid: string) => void): void;
  /** Says why the plugin watches no call (a configuration it cannot work with), to the agent and the console. */
  refuse(problems: ReadonlyArray<string>): void;
}

const PLUGIN_NAME = 'OutboundRecordingPlugin';

/** Registers the strings first: every message, a configuration error included, is a string template. */
export function registerAgentWords(flex: typeof Flex, manager: Flex.Manager): AgentWords {
  const defaults = registerRecordingStrings(manager);
  const translate = createTranslator(() => manager.strings as unknown as Record<string, unknown>, defaults);
  let retry: (taskSid: string) => void = () => undefined;
  const notify = createAgentNotifier(flex, { retry: (taskSid) => retry(taskSid), retryHint: () => translate('OutboundRecordingRetryHint') });
  return {
    translate,
    notify,
    setRetry: (next) => {
      retry = next;
    },
    refuse: (problems) => {
      notify(describeConfigurationProblems(problems, translate));
      console.error(`${PLUGIN_NAME}: not watching calls:`, problems);
    },
  };
}
