/** Flex's NotificationManager surface (flex-ui-core/src/NotificationManager.d.ts), recording what was shown. */

export enum NotificationType {
  information = 'information',
  success = 'success',
  warning = 'warning',
  error = 'error',
}

export interface Notification {
  id: string;
  instanceId?: string;
  content?: unknown;
  type?: NotificationType;
  timeout?: number;
  closeButton?: boolean;
  context?: Record<string, unknown>;
  [option: string]: unknown;
}

export interface ShownNotification {
  id: string;
  type: NotificationType | undefined;
  context: Record<string, unknown> | undefined;
  content: unknown;
}

export class StandInNotifications {
  readonly registeredNotifications = new Map<string, Notification>();
  readonly activeNotifications: Notification[] = [];
  /** Everything shown since the last reset, in order (dismissing does not remove entries). */
  readonly shown: ShownNotification[] = [];
  private instances = 0;

  registerNotification(notification: Notification): void {
    this.registeredNotifications.set(notification.id, notification);
  }

  /** Like Flex: an unregistered id shows nothing and returns null. Timeouts are not simulated (no timers). */
  showNotification(id: string, context?: Record<string, unknown>): Notification | null {
    const registered = this.registeredNotifications.get(id);
    if (!registered) {
      console.error(`Notification ${id} is not registered`);
      return null;
    }
    this.instances += 1;
    const instance: Notification = { ...registered, context, instanceId: `${id}-${this.instances}` };
    this.activeNotifications.push(instance);
    this.shown.push({ id, type: registered.type, context, content: registered.content });
    return instance;
  }

  dismissNotification(notification: Notification): void {
    const index = this.activeNotifications.indexOf(notification);
    if (index !== -1) this.activeNotifications.splice(index, 1);
  }

  dismissNotificationById(id: string): void {
    for (const notification of this.activeNotifications.filter((n) => n.id === id)) this.dismissNotification(notification);
  }

  dismissAll(): void {
    this.activeNotifications.length = 0;
  }

  isNotificationActive(id: string): boolean {
    return this.activeNotifications.some((n) => n.id === id);
  }

  /** A page reload: registrations and shown notifications are gone. */
  resetPluginState(): void {
    this.registeredNotifications.clear();
    this.activeNotifications.length = 0;
    this.shown.length = 0;
  }
}
