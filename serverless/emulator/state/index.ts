import { Clock } from '../clock';
import { FlexConfigurationState } from './flex';
import { IntelligenceState } from './intelligence';
import { InteractionState } from './interactions';
import { CallbackOutbox } from './outbox';
import { TaskRouterState } from './taskrouter';
import { TokenState } from './tokens';
import { VoiceState } from './voice';

/** The identities of the one account (and its Flex workspace) the emulator plays. */
export interface AccountIdentity {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  workspaceSid: string;
  flexInstanceSid: string;
}

/** Everything the routes read and write, in one place so reset() can clear it all. */
export class EmulatorState {
  readonly clock = new Clock();
  readonly outbox = new CallbackOutbox();
  readonly voice: VoiceState;
  readonly taskrouter: TaskRouterState;
  readonly tokens: TokenState;
  readonly flexConfiguration: FlexConfigurationState;
  readonly interactions: InteractionState;
  readonly intelligence: IntelligenceState;

  constructor(
    readonly account: AccountIdentity,
    behaviour: { minRecordingSeconds?: number } = {},
  ) {
    this.voice = new VoiceState(account.accountSid, this.clock, this.outbox, behaviour.minRecordingSeconds ?? 0);
    this.taskrouter = new TaskRouterState(this.clock);
    this.tokens = new TokenState(this.clock, account.flexInstanceSid);
    this.flexConfiguration = new FlexConfigurationState(account, this.clock);
    this.interactions = new InteractionState(this.clock);
    this.intelligence = new IntelligenceState(this.clock);
  }

  reset(): void {
    this.voice.clear();
    this.taskrouter.clear();
    this.tokens.clear();
    this.outbox.clear();
    this.clock.reset();
    this.flexConfiguration.clear();
    this.interactions.clear();
    this.intelligence.clear();
  }
}
