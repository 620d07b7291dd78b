import { Conference } from './conference';

export type TaskReservationStatus = 'pending' | 'accepted' | 'wrapping' | 'completed' | 'canceled' | 'paused';
export type TaskTaskStatus = 'reserved' | 'assigned' | 'wrapping' | 'completed' | 'canceled';

/** The fields of Flex's ITask (models/CommonModels.d.ts) that describe a task; methods are added by the desk. */
export interface StandInTaskFields {
  sid: string;
  taskSid: string;
  status: TaskReservationStatus;
  taskStatus: TaskTaskStatus;
  attributes: Record<string, unknown>;
  taskChannelUniqueName: string;
  taskChannelSid: string;
  channelType: string;
  queueName: string;
  queueSid: string;
  workerSid: string;
  workflowName: string;
  workflowSid: string;
  routingTarget: string;
  priority: number;
  timeout: number;
  reason: string;
  age: number;
  dateCreated: Date;
  dateUpdated: Date;
  defaultFrom: string;
  formattedAttributes: { from?: string; outbound_to?: string };
  addOns: object;
  conference?: Conference;
}

/**
 * An ITask snapshot. Each change in the stand-in produces a new object (and a new tasks Map), so code that
 * keeps an old reference sees old data: read the store again, as plugins should with real Flex.
 */
export interface StandInTask extends StandInTaskFields {
  source: { sid: string; taskSid: string };
  sourceObject: { sid: string };
  wrapUp(): Promise<void>;
  complete(): Promise<void>;
  setAttributes(attributes: object): Promise<void>;
}
