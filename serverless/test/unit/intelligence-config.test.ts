import { readFunctionConfig } from '../../src/config/function-config';
import { statusCallbackEvents } from '../../src/twilio/twilio-gateway';

const BASE = {
  ACCOUNT_SID: 'AC' + 'a'.repeat(32),
  API_KEY: 'SK' + 'b'.repeat(32),
  API_SECRET: 'secret',
  TWILIO_WORKSPACE_SID: 'WS' + 'c'.repeat(32),
};
const SERVICE = 'GA' + 'd'.repeat(32);

describe('INTELLIGENCE_SERVICE_SID (the Conversation Intelligence hand-off)', () => {
  it('is off unless set, and then asks Twilio only for the absent callback', () => {
    for (const value of [undefined, '', '  ']) {
      const result = readFunctionConfig({ ...BASE, INTELLIGENCE_SERVICE_SID: value });
      expect(result.ok && result.config.intelligenceServiceSid).toBeUndefined();
      if (result.ok) expect(statusCallbackEvents(result.config)).toEqual(['absent']);
    }
  });

  it('takes an Intelligence Service SID and then asks for completed too', () => {
    const result = readFunctionConfig({ ...BASE, INTELLIGENCE_SERVICE_SID: ` ${SERVICE} ` });
    expect(result).toMatchObject({ ok: true, config: { intelligenceServiceSid: SERVICE } });
    if (result.ok) expect(statusCallbackEvents(result.config)).toEqual(['completed', 'absent']);
  });

  it('refuses anything else, naming the setting', () => {
    for (const value of ['GA123', 'WS' + 'd'.repeat(32), `${SERVICE}x`]) {
      expect(readFunctionConfig({ ...BASE, INTELLIGENCE_SERVICE_SID: value })).toEqual({
        ok: false,
        problems: ['INTELLIGENCE_SERVICE_SID must be a Conversation Intelligence service SID (GA + 32 hex digits)'],
      });
    }
  });
});
