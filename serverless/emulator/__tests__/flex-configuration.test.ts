import { clientFor, rawRequest, restError, useEmulator } from './helpers';

const ctx = useEmulator();
const TARGET = '/flex-api.twilio.com/v1/Configuration';

function post(body: unknown, init: { contentType?: string } = {}) {
  return rawRequest(ctx.emulator, 'POST', TARGET, {
    headers: { 'Content-Type': init.contentType ?? 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('Flex Configuration API (flex-api.twilio.com/v1/Configuration)', () => {
  it('answers a fresh account with empty ui_attributes, through the real library and the API key', async () => {
    const { emulator } = ctx;
    const configuration = await clientFor(emulator, { useApiKey: true }).flexApi.v1.configuration().fetch();
    expect(configuration.accountSid).toBe(emulator.accountSid);
    expect(configuration.uiAttributes).toEqual({});
    expect(configuration.taskrouterWorkspaceSid).toBe(emulator.workspaceSid);
    expect(emulator.requests()[0]).toMatchObject({ host: 'flex-api.twilio.com', hostKind: 'flex', routeId: 'FetchConfiguration', specValidated: true, status: 200 });
    expect(emulator.specViolations()).toEqual([]);
  });

  it('replaces each top-level field given, whole (nested keys are not merged), and keeps the others', async () => {
    const { emulator, client } = ctx;
    emulator.setFlexConfiguration({ ui_attributes: { colorTheme: { isLight: true }, custom_data: { a: 1, b: 2 } }, ui_language: 'de' });
    const updated = await client.flexApi.v1.configuration().update({ account_sid: emulator.accountSid, ui_attributes: { custom_data: { b: 3 } } });
    expect(updated.uiAttributes).toEqual({ custom_data: { b: 3 } });
    expect(emulator.flexConfiguration()).toMatchObject({ ui_attributes: { custom_data: { b: 3 } }, ui_language: 'de' });
    expect(emulator.requests()[0]).toMatchObject({ routeId: 'UpdateConfiguration', json: { account_sid: emulator.accountSid }, status: 200 });
    expect(emulator.specViolations()).toEqual([]);
  });

  it('refuses an update without the account SID, for another account, or with a field the resource does not have', async () => {
    const { emulator } = ctx;
    expect(await post({ ui_attributes: {} })).toMatchObject({ status: 400, body: { code: 20001, message: expect.stringContaining('account_sid') } });
    expect(await post({ account_sid: 'AC' + 'f'.repeat(32), ui_attributes: {} })).toMatchObject({ status: 401, body: { code: 20003 } });
    expect(await post({ account_sid: emulator.accountSid, ui_attribute: {} })).toMatchObject({ status: 400, body: { message: expect.stringContaining('ui_attribute is not a field') } });
    expect(await post({ account_sid: emulator.accountSid, ui_attributes: 'x' })).toMatchObject({ status: 400, body: { message: expect.stringContaining('ui_attributes must be a JSON object') } });
    expect(await post({ account_sid: emulator.accountSid, date_updated: '2020-01-01T00:00:00Z' })).toMatchObject({ status: 400 });
    expect(emulator.flexConfiguration().ui_attributes).toEqual({});
  });

  it('takes JSON only: a form body or a JSON array is refused', async () => {
    const { emulator } = ctx;
    expect(await post(`account_sid=${emulator.accountSid}`, { contentType: 'application/x-www-form-urlencoded' })).toMatchObject({ status: 400 });
    const array = await post([1]);
    expect(array.status).toBe(400);
    expect(emulator.specViolations().map((report) => report.violations)).toEqual([['body account_sid: is not a parameter of this operation'], ['body (json): must be object']]);
  });

  it('needs credentials, and answers a library RestException the doctor can read', async () => {
    const { emulator } = ctx;
    expect((await rawRequest(emulator, 'GET', TARGET, { auth: 'none' })).status).toBe(401);
    emulator.injectFault({ host: 'flex', status: 403, code: 20003, message: 'Permission denied' });
    expect(await restError(ctx.client.flexApi.v1.configuration().fetch())).toMatchObject({ status: 403, code: 20003 });
  });

  it('reset() restores a fresh account', async () => {
    ctx.emulator.setFlexConfiguration({ ui_attributes: { x: 1 } });
    ctx.emulator.reset();
    expect(ctx.emulator.flexConfiguration().ui_attributes).toEqual({});
  });
});
