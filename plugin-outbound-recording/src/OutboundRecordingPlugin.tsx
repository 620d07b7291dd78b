import * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

const PLUGIN_NAME = 'OutboundRecordingPlugin';

export default class OutboundRecordingPlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  init(flex: typeof Flex, manager: Flex.Manager): void {
    console.log(flex.Actions, manager.user.token, process.env.FLEX_APP_FUNCTIONS_BASE_URL);
  }
}
