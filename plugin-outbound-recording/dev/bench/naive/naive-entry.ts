/** The naive plugin as Flex would load it (like src/index.ts), for comparing bundle sizes. */
import * as FlexPlugin from '@twilio/flex-plugin';

import NaiveRecordingPlugin from './naive-plugin';

FlexPlugin.loadPlugin(NaiveRecordingPlugin);
