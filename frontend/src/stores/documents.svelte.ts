// Documents panel: the documents of the module shown (and shared ones), adding by the file
// dialog or a drop, shared/sensitive flags, remove; and the passages a reply used.
import * as api from '../api';
import type { AddDocumentRequest, Document, Passage } from '../api';

/** At most this many bytes are read from a dropped file (the backend's limit is the same). */
export const MAX_DROP_BYTES = 64 << 20;

/** A file's bytes as base64 (FileReader's data URL, without its "data:…;base64," head). */
export function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = String(r.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(new Error('The dropped file could not be read.'));
    r.readAsDataURL(file);
  });
}

export class DocumentsStore {
  /** Whether the panel is open. */
  open = $state(false);
  moduleId = $state('');
  items = $state<Document[]>([]);
  loading = $state(false);
  busy = $state(false);
  /** Passages each reply used, by message id, once loaded. */
  used = $state<Record<string, Passage[]>>({});

  async load(moduleId = this.moduleId): Promise<void> {
    if (moduleId !== this.moduleId) this.items = [];
    this.moduleId = moduleId;
    if (!moduleId) return;
    this.loading = true;
    try {
      const items = await api.documents.list(moduleId);
      if (this.moduleId === moduleId) this.items = items;
    } finally {
      this.loading = false;
    }
  }

  #req(shared: boolean, sensitive: boolean): AddDocumentRequest {
    return { moduleId: this.moduleId, shared, sensitive };
  }

  /** Asks for a file with the native dialog; null when none was chosen. */
  async addFile(shared = false, sensitive = false): Promise<Document | null> {
    this.busy = true;
    try {
      const r = await api.documents.addFile(this.#req(shared, sensitive));
      if (r.canceled) return null;
      await this.load();
      return r.document;
    } finally {
      this.busy = false;
    }
  }

  /** Adds files dropped on the panel, one after the other; returns those added. */
  async addDropped(files: File[], shared = false, sensitive = false): Promise<Document[]> {
    this.busy = true;
    const out: Document[] = [];
    try {
      for (const f of files) {
        if (f.size > MAX_DROP_BYTES) throw new Error(`${f.name} is too large: documents may be at most 64 MB.`);
        out.push(await api.documents.addData(this.#req(shared, sensitive), f.name, await toBase64(f)));
      }
      return out;
    } finally {
      this.busy = false;
      await this.load().catch(() => {});
    }
  }

  async remove(id: string): Promise<void> {
    await api.documents.remove(this.moduleId, id);
    this.items = this.items.filter((d) => d.id !== id);
  }

  async setShared(id: string, shared: boolean): Promise<void> {
    const d = await api.documents.setShared(this.moduleId, id, shared);
    this.#replace(d);
  }

  async setSensitive(id: string, sensitive: boolean): Promise<void> {
    const d = await api.documents.setSensitive(this.moduleId, id, sensitive);
    this.#replace(d);
  }

  #replace(d: Document): void {
    this.items = this.items.map((x) => (x.id === d.id ? d : x));
  }

  async loadUsed(moduleId: string, messageId: string): Promise<Passage[]> {
    const list = await api.documents.usedPassages(moduleId, messageId);
    this.used[messageId] = list;
    return list;
  }

  /** Forgets everything shown (the profile was locked). */
  reset(): void {
    this.open = false;
    this.moduleId = '';
    this.items = [];
    this.used = {};
  }
}

/** Where a passage is in its document, for a citation: "page 12", a heading path, or "". */
export function passageWhere(p: Pick<Passage, 'page' | 'heading'>): string {
  const parts: string[] = [];
  if (p.page) parts.push(`page ${p.page}`);
  if (p.heading) parts.push(p.heading);
  return parts.join(', ');
}
