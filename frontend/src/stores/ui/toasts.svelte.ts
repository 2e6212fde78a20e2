// Dismissible messages. Errors become one clear sentence, never "[object Object]".
import { toApiError } from '../../api';

export interface Toast { id: number; kind: 'error' | 'info' | 'success'; text: string }

export class ToastStore {
  items = $state<Toast[]>([]);
  /** Called when an error says no profile is open any more (e.g. auto-lock while busy). */
  onLocked: (() => void) | null = null;
  #next = 1;

  push(kind: Toast['kind'], text: string, timeoutMs = kind === 'error' ? 8000 : 4000): number {
    const id = this.#next++;
    this.items.push({ id, kind, text });
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  error(e: unknown): number {
    const err = toApiError(e);
    if (err.code === 'locked' && this.onLocked) {
      this.onLocked();
      return this.push('info', 'Your profile was locked. Open it again to continue.');
    }
    return this.push('error', err.message);
  }

  info(text: string): number {
    return this.push('info', text);
  }

  success(text: string): number {
    return this.push('success', text);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
