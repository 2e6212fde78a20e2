// Turns whatever a binding rejects with (per API.md: a string, maybe
// prefixed "[code] ") into an ApiError with a code and a clear sentence.

export type ErrorCode =
  | 'wrong-secret'
  | 'locked-out'
  | 'keychain-unavailable'
  | 'locked'
  | 'not-found'
  | 'unknown'
  | (string & {});

export class ApiError extends Error {
  readonly code: ErrorCode;
  /** For "locked-out": seconds to wait before the next try. */
  readonly waitSeconds: number;

  constructor(code: ErrorCode, message: string, waitSeconds = 0) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.waitSeconds = waitSeconds;
  }
}

const FALLBACK = 'Something went wrong. Please try again.';
const PREFIX = /^\s*\[([a-z0-9-]+)(?::(\d+))?\]\s*/i;

/** Converts any thrown/rejected value into an ApiError. Never yields "[object Object]". */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  let text: string;
  if (typeof e === 'string') text = e;
  else if (e instanceof Error) text = e.message;
  else if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string')
    text = (e as { message: string }).message;
  else text = '';
  text = text.trim();
  const m = PREFIX.exec(text);
  if (m) {
    const code = m[1].toLowerCase();
    const wait = m[2] ? Number(m[2]) : 0;
    const message = text.slice(m[0].length).trim() || FALLBACK;
    return new ApiError(code, message, wait);
  }
  return new ApiError('unknown', text || FALLBACK);
}

/** Awaits a binding call and rethrows its rejection as ApiError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toApiError(e);
  }
}
