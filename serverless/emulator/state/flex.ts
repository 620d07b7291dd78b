import type { Clock } from '../clock';

/** A JSON value as the Flex Configuration API stores it (ui_attributes and the like are free-form JSON). */
export type JsonObject = Record<string, unknown>;

/**
 * The account's one Flex configuration (`GET/POST https://flex-api.twilio.com/v1/Configuration`).
 * Top-level fields only: Twilio documents that updating a JSON-typed field replaces the whole value
 * ("the existing value of the property will be completely replaced"), so nested keys are never
 * merged here; a caller that wants to keep them must read, change and write back the whole object.
 */
export class FlexConfigurationState {
  private fields: JsonObject = {};
  private created: Date;
  private updated: Date;

  constructor(
    private readonly identity: { accountSid: string; workspaceSid: string; flexInstanceSid: string },
    private readonly clock: Clock,
  ) {
    this.created = clock.now();
    this.updated = this.created;
    this.clear();
  }

  /** What a freshly onboarded Flex account answers, as far as this product reads it. */
  clear(): void {
    this.fields = {
      status: 'ok',
      taskrouter_workspace_sid: this.identity.workspaceSid,
      flex_instance_sid: this.identity.flexInstanceSid,
      ui_language: 'en',
      ui_version: '2.13.0',
      service_version: '1.0',
      ui_attributes: {},
      ui_dependencies: {},
      plugin_service_enabled: true,
    };
    this.created = this.clock.now();
    this.updated = this.created;
  }

  /** Replaces each given top-level field (deep-copied), as an update does. */
  set(values: JsonObject): void {
    for (const [key, value] of Object.entries(values)) this.fields[key] = structuredClone(value);
    this.updated = this.clock.now();
  }

  /** A deep copy of the stored fields (no account SID, dates or URL: the representation adds those). */
  get(): JsonObject {
    return structuredClone(this.fields);
  }

  get dateCreated(): Date {
    return this.created;
  }

  get dateUpdated(): Date {
    return this.updated;
  }
}
