/**
 * A stateful Twilio emulator for this product's tests, the offline sandbox and benchmarks.
 * See README.md in this folder for what it covers.
 */
export { startTwilioEmulator, TwilioEmulator, type EmulatorCredentials, type SpecViolationReport } from './emulator';
export type { TwilioEmulatorOptions } from './options';
export type { FaultSpec, RequestMatcher, Registration } from './faults';
export type { FaultConfig, FaultKind } from './fault-config';
export type { CustomerBehaviour, CustomerOptions } from './customer';
export type { LoggedRequest, RequestFilter } from './request-log';
export type { EmulatorRequest, HostKind, Params } from './request';
export type { StatusCallback, CallbackDelivery } from './state/outbox';
export type { IssueFlexTokenInput } from './state/tokens';
export type { ConferenceInstructionOptions, ConferenceStatusCallback, ConferenceCallbackEvent } from './state/voice';
export type { CreateTaskInput, AssignmentStatus, ReservationStatus } from './state/taskrouter';
export type { InteractionParticipantType, RoutingProperties } from './state/interactions';
export type { EmulatorSnapshot } from './snapshot';
export type {
  OutboundCallScenario,
  PlaceOutboundCallInput,
  InboundCallScenario,
  PlaceInboundCallInput,
  TransferInput,
  TransferScenario,
  SupervisorInput,
  SupervisorScenario,
  ExternalPartyInput,
  AddAgentToChannelInput,
  InteractionChannelView,
  InteractionParticipantView,
  TaskView,
  RecordingView,
  CallView,
  ConferenceView,
} from './scenario';
export { ROUTES } from './routes';
export type { Route, RouteContext, RouteResult } from './routes/table';
export { twilioSignature } from './callbacks/signature';
