/**
 * A faithful stand-in for the parts of `@twilio/flex-ui` 2.17 this project uses, plus `desk`, the controls
 * that drive it. Jest maps `@twilio/flex-ui` here; the local agent-desk page loads it in a browser.
 * Browser safe (no Node APIs) and test-runner agnostic.
 */
import { StandInActions } from './actions';
import { FlexDesk } from './desk';
import { StandInManager } from './manager';
import { StandInNotifications } from './notifications';

export { Conference, ConferenceParticipant } from './conference';
export type { ChannelParticipantType, ConferenceStatus, ParticipantStatus } from './conference';
export { NotificationType } from './notifications';
export type { Notification, ShownNotification } from './notifications';
export { TaskHelper } from './task-helper';
export type { StandInTask as ITask } from './task';
export { FlexDesk, SimCall, SimParticipant } from './desk';
export type { JoinOptions, ListenerCounts, ParticipantVisibility, PlaceCallOptions } from './desk';
export { DEFAULT_TOKEN, DEFAULT_WORKER_SID } from './manager';

export const Actions = new StandInActions();
export const Notifications = new StandInNotifications();
export const Manager = StandInManager;
export type Manager = StandInManager;

/** The simulation controls. Call desk.reset() before each scenario. */
export const desk = new FlexDesk(StandInManager.getInstance(), Actions, Notifications);
