// Retrieval by meaning for the open profile: which embedding model (and
// endpoint) it uses and how far the background worker has come.
import * as api from '../api';
import type { EmbeddingStatus } from '../api';

export class EmbeddingStore {
  status = $state<EmbeddingStatus | null>(null);
  private timer: ReturnType<typeof setInterval> | undefined;

  async load(): Promise<void> {
    this.status = await api.embedding.status();
  }

  /** model "" turns retrieval by meaning off; endpointId "" is the default endpoint. */
  async setModel(endpointId: string, model: string): Promise<void> {
    this.status = await api.embedding.setModel(endpointId, model.trim());
  }

  /** Refreshes the progress every interval ms while a view shows it; returns the stop function. */
  watch(interval = 1000): () => void {
    this.stop();
    this.timer = setInterval(() => this.load().catch(() => {}), interval);
    return () => this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  reset(): void {
    this.stop();
    this.status = null;
  }
}
