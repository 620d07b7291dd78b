import { iso8601 } from '../dates';
import type { EmulatorState } from '../state';

/** The Configuration resource as flex-api answers it: snake_case, ISO 8601 dates, one instance per account. */
export function configurationJson(state: EmulatorState): Record<string, unknown> {
  const configuration = state.flexConfiguration;
  return {
    account_sid: state.account.accountSid,
    date_created: iso8601(configuration.dateCreated),
    date_updated: iso8601(configuration.dateUpdated),
    ...configuration.get(),
    url: 'https://flex-api.twilio.com/v1/Configuration',
  };
}
