import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { ErrorCodes } from '../errors';
import { newSid } from '../sids';

export interface IssueFlexTokenInput {
  workerSid: string;
  identity: string;
  roles?: string[];
  /** Lifetime in seconds; Flex's default is 3600. */
  ttlSeconds?: number;
  /** The user's login name; defaults to the identity. */
  realmUserId?: string;
}

export interface FlexTokenRecord {
  token: string;
  workerSid: string;
  identity: string;
  roles: string[];
  realmUserId: string;
  flexInstanceSid: string;
  flexUserSid: string;
  expiresAt: Date;
}

export type TokenValidation =
  | { valid: true; record: FlexTokenRecord }
  | { valid: false; code: number; message: string };

/** JWE protected header of a real Flex token (alg "dir": no encrypted key, hence an empty 2nd segment). */
const JWE_HEADER = { zip: 'DEF', kid: 'SAS_S3___KMS_v1', cty: 'twilio-fpa;v=1', enc: 'A256GCM', alg: 'dir' };

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/**
 * Flex user tokens. Real ones are JWE tokens only Twilio can decrypt, so code must treat them as
 * opaque and ask IAM; the emulator issues random tokens of the same shape
 * (`header..iv.ciphertext.tag`) and remembers what each stands for.
 */
export class TokenState {
  private readonly tokens = new Map<string, FlexTokenRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly flexInstanceSid: string,
  ) {}

  clear(): void {
    this.tokens.clear();
  }

  issue(input: IssueFlexTokenInput): FlexTokenRecord {
    const ttlSeconds = input.ttlSeconds ?? 3600;
    const token = [
      base64url(Buffer.from(JSON.stringify(JWE_HEADER))),
      '',
      base64url(randomBytes(12)),
      base64url(randomBytes(96)),
      base64url(randomBytes(16)),
    ].join('.');
    const record: FlexTokenRecord = {
      token,
      workerSid: input.workerSid,
      identity: input.identity,
      roles: input.roles ?? ['agent'],
      realmUserId: input.realmUserId ?? input.identity,
      flexInstanceSid: this.flexInstanceSid,
      flexUserSid: newSid('FU'),
      expiresAt: new Date(this.clock.now().getTime() + ttlSeconds * 1000),
    };
    this.tokens.set(token, record);
    return record;
  }

  /** Makes an issued token expired from now on (as if its TTL ran out). */
  expire(token: string): void {
    const record = this.tokens.get(token);
    if (!record) throw new Error('expireFlexToken: that token was not issued by this emulator');
    record.expiresAt = new Date(this.clock.now().getTime() - 1000);
  }

  validate(token: string): TokenValidation {
    if (!isJweShaped(token)) {
      return { valid: false, code: ErrorCodes.invalidToken, message: 'Invalid Token: the token is not a well-formed JWE' };
    }
    const record = this.tokens.get(token);
    if (!record) {
      return { valid: false, code: ErrorCodes.authenticationFailed, message: 'Authentication Failed: token could not be validated' };
    }
    if (record.expiresAt.getTime() <= this.clock.now().getTime()) {
      return { valid: false, code: ErrorCodes.tokenExpired, message: 'Expired or Invalid Expiration in Token' };
    }
    return { valid: true, record };
  }
}

function isJweShaped(token: string): boolean {
  const segments = token.split('.');
  if (segments.length !== 5 || !segments.every((segment) => /^[A-Za-z0-9_-]*$/.test(segment))) return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(segments[0]!, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && 'enc' in header;
  } catch {
    return false;
  }
}
