import { isOutboundVoiceTask, isTaskLive, shouldPickUpAcceptedTask } from '../../src/recording-watch/task-eligibility';

const task = (over: Partial<{ attributes: unknown; taskChannelUniqueName: string; status: string; taskStatus?: string }> = {}) => ({
  attributes: { direction: 'outbound' },
  taskChannelUniqueName: 'voice',
  status: 'accepted',
  taskStatus: 'assigned',
  ...over,
});

describe('isOutboundVoiceTask', () => {
  it('is true for a voice task with direction outbound', () => {
    expect(isOutboundVoiceTask(task())).toBe(true);
  });

  it.each([
    ['inbound voice', task({ attributes: { direction: 'inbound' } })],
    ['no direction', task({ attributes: {} })],
    ['"Outbound" in another case', task({ attributes: { direction: 'Outbound' } })],
    ['chat', task({ taskChannelUniqueName: 'chat' })],
    ['email', task({ taskChannelUniqueName: 'email' })],
    ['null attributes', task({ attributes: null })],
    ['string attributes', task({ attributes: '{"direction":"outbound"}' })],
  ])('is false for %s', (_name, candidate) => {
    expect(isOutboundVoiceTask(candidate)).toBe(false);
  });
});

describe('isTaskLive', () => {
  it.each([
    ['pending', 'reserved'],
    ['accepted', 'assigned'],
    ['accepted', undefined],
  ])('is true for %s/%s', (status, taskStatus) => {
    expect(isTaskLive({ status, taskStatus })).toBe(true);
  });

  it.each([
    ['wrapping', 'wrapping'],
    ['completed', 'completed'],
    ['canceled', 'canceled'],
    ['paused', 'assigned'],
    ['rescinded', 'assigned'],
    ['accepted', 'wrapping'],
    ['accepted', 'completed'],
  ])('is false for %s/%s', (status, taskStatus) => {
    expect(isTaskLive({ status, taskStatus })).toBe(false);
  });
});

describe('shouldPickUpAcceptedTask', () => {
  it('picks up accepted calls with a customer, inbound included; never internal calls or other channels', () => {
    expect(shouldPickUpAcceptedTask(task())).toBe(true);
    expect(shouldPickUpAcceptedTask(task({ status: 'pending', taskStatus: 'reserved' }))).toBe(false);
    expect(shouldPickUpAcceptedTask(task({ status: 'wrapping', taskStatus: 'wrapping' }))).toBe(false);
    expect(shouldPickUpAcceptedTask(task({ attributes: { direction: 'inbound' } }))).toBe(true);
    expect(shouldPickUpAcceptedTask(task({ attributes: { direction: 'outbound', client_call: true } }))).toBe(false);
    expect(shouldPickUpAcceptedTask(task({ attributes: { direction: 'outbound', outbound_to: 'client:bob' } }))).toBe(false);
    expect(shouldPickUpAcceptedTask(task({ taskChannelUniqueName: 'chat' }))).toBe(false);
  });
});
