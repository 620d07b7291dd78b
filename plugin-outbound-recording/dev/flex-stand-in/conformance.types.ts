/**
 * Compile-time check that the stand-in keeps Flex UI 2.17's public shapes for everything the plugin reads.
 * Type-only: nothing here exists at run time, so the stand-in stays loadable in a browser without Flex.
 * If Flex changes one of these shapes, `npm run typecheck` fails here first.
 */
import type * as Flex from '@twilio/flex-ui';
// Not re-exported from the package root; ITask.conference is typed with it.
type FlexConference = NonNullable<Flex.ITask['conference']>;

import type { StandInActions } from './actions';
import type { Conference, ConferenceParticipant } from './conference';
import type { StandInManager } from './manager';
import type { StandInNotifications } from './notifications';
import type { StandInState } from './store';
import type { StandInTask } from './task';
import type { StandInContentStore } from './dynamic-content';
import type { StandInKeyboardShortcutManager } from './keyboard-shortcuts';
import type { ProvidersProps } from './providers';
import type { TemplateProps as StandInTemplateProps } from './templates';

type Assert<T extends true> = T;
type Conforms<StandIn, Real> = [StandIn] extends [Real] ? true : false;
type MapKey<M> = M extends Map<infer K, unknown> ? K : never;
type MapValue<M> = M extends Map<unknown, infer V> ? V : never;

type ParticipantFields =
  | 'callSid'
  | 'participantType'
  | 'status'
  | 'isCurrentWorker'
  | 'isMyself'
  | 'workerSid'
  | 'reservationSid'
  | 'onHold'
  | 'muted'
  | 'connecting'
  | 'participantSid'
  | 'phoneNumber'
  | 'uniqueId'
  | 'sid'
  | 'participantLeftTimestamp';
type ConferenceFields = 'sid' | 'status' | 'conferenceSid' | 'liveParticipantCount' | 'liveWorkerCount';
type TaskFields =
  | 'sid'
  | 'taskSid'
  | 'status'
  | 'taskStatus'
  | 'taskChannelUniqueName'
  | 'taskChannelSid'
  | 'channelType'
  | 'queueName'
  | 'queueSid'
  | 'workerSid'
  | 'workflowName'
  | 'workflowSid'
  | 'routingTarget'
  | 'priority'
  | 'timeout'
  | 'reason'
  | 'age'
  | 'dateCreated'
  | 'dateUpdated'
  | 'defaultFrom'
  | 'formattedAttributes'
  | 'addOns';

export type Checks = [
  Assert<Conforms<Pick<ConferenceParticipant, ParticipantFields>, Pick<Flex.ConferenceParticipant, ParticipantFields>>>,
  Assert<Conforms<Pick<Conference, ConferenceFields>, Pick<FlexConference, ConferenceFields>>>,
  Assert<Conforms<Pick<Conference['participants'][number], 'callSid'>, Pick<FlexConference['participants'][number], 'callSid'>>>,
  Assert<Conforms<Pick<StandInTask, TaskFields>, Pick<Flex.ITask, TaskFields>>>,
  Assert<Conforms<StandInTask['attributes'], Flex.ITask['attributes']>>,
  // The store paths the plugin reads: flex.worker.tasks (by reservation SID) and flex.conferences.states (by task SID).
  Assert<Conforms<MapKey<StandInState['flex']['worker']['tasks']>, MapKey<Flex.AppState['worker']['tasks']>>>,
  Assert<Conforms<Pick<MapValue<StandInState['flex']['worker']['tasks']>, TaskFields>, Pick<MapValue<Flex.AppState['worker']['tasks']>, TaskFields>>>,
  Assert<Conforms<MapKey<StandInState['flex']['conferences']['states']>, MapKey<Flex.AppState['conferences']['states']>>>,
  Assert<
    Conforms<
      Pick<MapValue<StandInState['flex']['conferences']['states']>['source'], ConferenceFields>,
      Pick<MapValue<Flex.AppState['conferences']['states']>['source'], ConferenceFields>
    >
  >,
  Assert<Conforms<Pick<StandInManager['user'], 'token' | 'identity' | 'roles'>, Pick<Flex.Manager['user'], 'token' | 'identity' | 'roles'>>>,
  Assert<Conforms<Pick<StandInManager['serviceConfiguration'], 'call_recording_enabled'>, Pick<Flex.Manager['serviceConfiguration'], 'call_recording_enabled'>>>,
  Assert<Conforms<Parameters<StandInActions['invokeAction']>, Parameters<typeof Flex.Actions.invokeAction>>>,
  Assert<Conforms<Parameters<typeof Flex.Actions.addListener>, Parameters<StandInActions['addListener']>>>,
  Assert<Conforms<Parameters<typeof Flex.Notifications.showNotification>[0], Parameters<StandInNotifications['showNotification']>[0]>>,
  Assert<Conforms<`${Flex.NotificationType}`, `${import('./notifications').NotificationType}`>>,
  // Recording controls: shortcuts, canvas content, string templates, locale, providers.
  Assert<Conforms<Parameters<typeof Flex.KeyboardShortcutManager.addShortcuts>, Parameters<StandInKeyboardShortcutManager['addShortcuts']>>>,
  Assert<Conforms<Parameters<typeof Flex.KeyboardShortcutManager.deleteShortcuts>, Parameters<StandInKeyboardShortcutManager['deleteShortcuts']>>>,
  Assert<Conforms<Parameters<typeof Flex.CallCanvas.Content.add>, Parameters<StandInContentStore['add']>>>,
  Assert<Conforms<Parameters<typeof Flex.TaskCanvasHeader.Content.add>, Parameters<StandInContentStore['add']>>>,
  Assert<Conforms<ReturnType<StandInContentStore['add']>, ReturnType<typeof Flex.CallCanvas.Content.add>>>,
  Assert<Conforms<StandInTemplateProps, Flex.TemplateProps>>,
  Assert<Conforms<Pick<StandInManager['localization'], 'localeTag'>, Pick<Flex.Manager['localization'], 'localeTag'>>>,
  Assert<Conforms<Pick<Parameters<typeof Flex.setProviders>[0], 'PasteThemeProvider'>, Pick<ProvidersProps, 'PasteThemeProvider'>>>,
];
