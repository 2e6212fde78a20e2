// Lets components branch on a backend error's code (e.g. "wrong-secret") without importing api/.
import { toApiError } from '../../api';

export interface ErrorInfo { code: string; message: string }

/** The code and the one clear sentence of any rejection. */
export function describeError(e: unknown): ErrorInfo {
  const err = toApiError(e);
  return { code: err.code, message: err.message };
}
