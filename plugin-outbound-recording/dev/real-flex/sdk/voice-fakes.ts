import { SdkEmitter } from './sdk-emitter';

/**
 * The Voice SDK side of Flex UI 2.17.1, as far as its phone state reads it (FlexModule.state.phone): a
 * device listener whose microphone is set (StartOutboundCall refuses a `client:` worker without one) and the
 * agent's own call once it is connected (`activeCall`: HangupCall disconnects it, ToggleMute mutes it). No
 * WebRTC: the call is the agent's conference leg, and what its disconnect means is up to the backend.
 */

interface Dispatcher {
  dispatch(action: { type: string; payload: unknown }): unknown;
}

/** What Flex's phone reducer keeps as `listener` (PhoneState's device listener). */
export class FakeDeviceListener {
  readonly isMicrophoneSet = true;
  readonly microphoneID = 'default';
  stop(): void {}
}

/** The agent's Voice SDK Call (twilio-client's Connection) for their conference leg. */
export class FakeVoiceCall extends SdkEmitter {
  readonly parameters: Record<string, string>;
  readonly customParameters = new Map<string, string>();
  private muted = false;
  private state: 'open' | 'closed' = 'open';

  constructor(
    callSid: string,
    private readonly onDisconnect: (call: FakeVoiceCall) => void,
  ) {
    super();
    this.parameters = { CallSid: callSid };
  }

  get callSid(): string {
    return this.parameters.CallSid;
  }

  status(): 'open' | 'closed' {
    return this.state;
  }

  isMuted(): boolean {
    return this.muted;
  }

  mute(shouldMute = true): void {
    this.muted = shouldMute;
    this.emit('mute', shouldMute, this);
  }

  /** The agent hangs up in Flex (HangupCall): the backend ends the leg. */
  disconnect(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.onDisconnect(this);
    this.emit('disconnect', this);
  }

  /** The leg ended on Twilio's side (the conference ended): nothing to tell the backend. */
  ended(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.emit('disconnect', this);
  }

  /** DTMF from Flex's dialpad: nothing to play offline. */
  sendDigits(_digits: string): void {}

  accept(): void {}
  reject(): void {}
  ignore(): void {}
}

/** Flex's phone state on the fakes: PHONE_INIT once the page has loaded, PHONE_ADD_CALL / PHONE_REMOVE_CALL per call. */
export class FakePhone {
  activeCall: FakeVoiceCall | undefined;

  constructor(private readonly store: Dispatcher) {}

  init(): this {
    this.store.dispatch({ type: 'PHONE_INIT', payload: { listener: new FakeDeviceListener() } });
    return this;
  }

  /** The agent's leg is connected in this browser (Flex auto-answers the conference's call to the worker). */
  connect(callSid: string, onDisconnect: (call: FakeVoiceCall) => void): FakeVoiceCall {
    const call = new FakeVoiceCall(callSid, (disconnected) => {
      this.remove(disconnected);
      onDisconnect(disconnected);
    });
    call.on('mute', () => this.store.dispatch({ type: 'PHONE_TOGGLE_MUTE', payload: call }));
    this.activeCall = call;
    this.store.dispatch({ type: 'PHONE_ADD_CALL', payload: call });
    return call;
  }

  /** The agent's leg ended on Twilio's side. */
  ended(callSid: string | undefined): void {
    const call = this.activeCall;
    if (call === undefined || call.callSid !== callSid) return;
    call.ended();
    this.remove(call);
  }

  private remove(call: FakeVoiceCall): void {
    if (this.activeCall !== call) return;
    this.activeCall = undefined;
    this.store.dispatch({ type: 'PHONE_REMOVE_CALL', payload: call });
  }
}
