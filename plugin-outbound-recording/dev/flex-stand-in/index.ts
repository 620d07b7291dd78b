/**
 * A faithful stand-in for the parts of `@twilio/flex-ui` 2.17 this project uses, plus `desk`, the controls
 * that drive it. Jest maps `@twilio/flex-ui` here; the local agent-desk page loads it in a browser.
 * Browser safe (no Node APIs) and test-runner agnostic.
 */
import { StandInActions } from './actions';
import { FlexDesk } from './desk';
import { StandInContentStore } from './dynamic-content';
import { StandInKeyboardShortcutManager } from './keyboard-shortcuts';
import { StandInManager } from './manager';
import { StandInNotifications } from './notifications';
import { StandInProviders } from './providers';

export { Conference, ConferenceParticipant } from './conference';
export type { ChannelParticipantType, ConferenceStatus, ParticipantStatus } from './conference';
export { NotificationType } from './notifications';
export type { Notification, ShownNotification } from './notifications';
export { TaskHelper } from './task-helper';
export type { StandInTask as ITask } from './task';
export { FlexDesk, SimCall, SimParticipant } from './desk';
export type { ConferenceInstructionHandler } from './desk';
export type { JoinOptions, ListenerCounts, PageState, ParticipantVisibility, PlaceCallOptions, RestoredCall } from './desk';
export { Template, templates } from './templates';
export type { CompiledTemplate, TemplateProps } from './templates';
export { StandInContentStore } from './dynamic-content';
export type { CleanupFunction, ContentFragmentProps } from './dynamic-content';
export { defaultKeyboardShortcuts } from './keyboard-shortcuts';
export type { KeyboardShortcut, KeyboardShortcuts } from './keyboard-shortcuts';
export type { ProvidersProps } from './providers';
export { DEFAULT_TOKEN, DEFAULT_WORKER_SID } from './manager';

export const Actions = new StandInActions();
export const Notifications = new StandInNotifications();
export const KeyboardShortcutManager = new StandInKeyboardShortcutManager();
/** Programmable components with a Content store (`CallCanvas.Content.add(...)`), as in Flex. */
export const CallCanvas = { Content: new StandInContentStore('CallCanvas') };
export const TaskCanvasHeader = { Content: new StandInContentStore('TaskCanvasHeader') };
const providers = new StandInProviders();
/** Flex.setProviders: the Paste theme provider (and a custom one) Flex wraps its whole UI in. */
export const setProviders = providers.setProviders;
export const registeredProviders = providers;
export const Manager = StandInManager;
export type Manager = StandInManager;

/** The simulation controls. Call desk.reset() before each scenario. */
export const desk = new FlexDesk(StandInManager.getInstance(), Actions, Notifications);
desk.addPageState(KeyboardShortcutManager, CallCanvas.Content, TaskCanvasHeader.Content, providers);
