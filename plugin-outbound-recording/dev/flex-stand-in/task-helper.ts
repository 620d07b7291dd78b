import { StandInTask } from './task';

type TaskLike = Pick<StandInTask, 'taskChannelUniqueName' | 'status' | 'attributes' | 'routingTarget'>;

/**
 * The TaskHelper statics with the behaviour Flex UI 2.17 gives them. Flex decides "call task" from the task
 * channel's capabilities; the stand-in only has the built-in 'voice' channel with the Call capability.
 */
export class TaskHelper {
  static isCallTask(task: TaskLike | undefined): boolean {
    return task?.taskChannelUniqueName === 'voice';
  }

  static isOutboundCallTask(task: TaskLike): boolean {
    return TaskHelper.isCallTask(task) && !!task.routingTarget && task.attributes.direction === 'outbound';
  }

  static isPending(task: TaskLike): boolean {
    return task.status === 'pending';
  }

  static isTaskAccepted(task: TaskLike): boolean {
    return task.status === 'accepted';
  }

  static isInWrapupMode(task: TaskLike): boolean {
    return task.status === 'wrapping';
  }

  static isCompleted(task: TaskLike): boolean {
    return task.status === 'completed';
  }

  static isLiveCall(task: TaskLike): boolean {
    return TaskHelper.isCallTask(task) && task.status === 'accepted';
  }
}
