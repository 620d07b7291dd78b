import { ErrorCode, ERROR_STATUS, readRecordingRequestBody } from '../../src/contract/recording-api';
import { FetchLike } from '../../src/functions-client/start-recording-client';

/** One request as the browser would have sent it. */
export interface RecordedRequest {
  url: string;
  method: string | undefined;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  body: string;
  /** The fields of the JSON envelope, decoded (version left out). */
  fields: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

export type Reply =
  | { kind: 'http'; status: number; text: string }
  | { kind: 'network-error' }
  /** Never answers by itself: only an abort (or release) ends it. */
  | { kind: 'hang' }
  /** Answers after `ms` of (fake) time, unless aborted first. */
  | { kind: 'delayed'; ms: number; then: ImmediateReply };

/** A reply that answers at once. */
export type ImmediateReply = Extract<Reply, { kind: 'http' | 'network-error' }>;

export const reply = {
  started: (recordingSid = 'RE' + 'e'.repeat(32)): ImmediateReply => ({
    kind: 'http',
    status: 201,
    text: JSON.stringify({ recordingSid, status: 'in-progress' }),
  }),
  error: (code: ErrorCode, status: number = ERROR_STATUS[code]): ImmediateReply => ({
    kind: 'http',
    status,
    text: JSON.stringify({ error: { code, message: `stand-in ${code}` } }),
  }),
  raw: (status: number, text: string): ImmediateReply => ({ kind: 'http', status, text }),
  networkError: (): ImmediateReply => ({ kind: 'network-error' }),
  hang: (): Reply => ({ kind: 'hang' }),
  after: (ms: number, then: ImmediateReply): Reply => ({ kind: 'delayed', ms, then }),
};

/**
 * A fetch that never touches the network: records every request and answers from a script
 * (then from the fallback reply). Hanging requests honour AbortSignal like the browser's fetch.
 */
export class FakeFetch {
  readonly requests: RecordedRequest[] = [];
  private readonly script: Reply[] = [];
  private pending = 0;

  constructor(private fallback: Reply = reply.started()) {}

  /** Replies for the next requests, in order; after them the fallback applies. */
  thenReply(...replies: Reply[]): this {
    this.script.push(...replies);
    return this;
  }

  replyByDefault(fallback: Reply): this {
    this.fallback = fallback;
    return this;
  }

  /** Requests sent whose answer has not arrived yet. */
  get inFlight(): number {
    return this.pending;
  }

  readonly fetch: FetchLike = (url, init) => {
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    const body = typeof init.body === 'string' ? init.body : '';
    const recorded = {
      url,
      method: init.method,
      headers,
      credentials: init.credentials,
      body,
      fields: readRecordingRequestBody(body) ?? {},
    } as RecordedRequest;
    // Not enumerable: jest cannot print an AbortSignal's internals, which would hide a failing assertion's diff.
    Object.defineProperty(recorded, 'signal', { value: init.signal ?? undefined, enumerable: false });
    this.requests.push(recorded);
    const next = this.script.shift() ?? this.fallback;
    this.pending += 1;
    const settle = <T>(value: T): T => {
      this.pending -= 1;
      return value;
    };
    return new Promise<Pick<Response, 'status' | 'text'>>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      const abortError = () => Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
      if (signal?.aborted) {
        reject(settle(abortError()));
        return;
      }
      if (next.kind === 'network-error') {
        reject(settle(new TypeError('Failed to fetch')));
        return;
      }
      if (next.kind === 'hang') {
        signal?.addEventListener('abort', () => reject(settle(abortError())), { once: true });
        return;
      }
      if (next.kind === 'delayed') {
        const answer = next.then;
        const timer = setTimeout(() => {
          if (answer.kind === 'network-error') reject(settle(new TypeError('Failed to fetch')));
          else resolve(settle({ status: answer.status, text: async () => answer.text }));
        }, next.ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(settle(abortError()));
        }, { once: true });
        return;
      }
      resolve(settle({ status: next.status, text: async () => next.text }));
    });
  };

  /** Last request's fields, for the common single-request assertions. */
  get last(): RecordedRequest {
    const last = this.requests[this.requests.length - 1];
    if (!last) throw new Error('No request was sent');
    return last;
  }
}
