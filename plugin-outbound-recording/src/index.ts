import * as FlexPlugin from '@twilio/flex-plugin';

import OutboundRecordingPlugin from './OutboundRecordingPlugin';

FlexPlugin.loadPlugin(OutboundRecordingPlugin);
