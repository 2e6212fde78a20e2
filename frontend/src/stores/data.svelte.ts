// Export and import of the open profile, with progress from export:progress events.
import * as api from '../api';
import type { ExportFormat, ExportResult, ImportResult, ChatGPTImportResult, EventPayloads } from '../api';

export class DataStore {
  busy = $state(false);
  progress = $state<{ done: number; total: number } | null>(null);
  lastExport = $state<ExportResult | null>(null);
  lastImport = $state<ImportResult | null>(null);
  lastChatGPT = $state<ChatGPTImportResult | null>(null);

  /** Asks for a file, then exports. Resolves null if the user cancelled the dialog. */
  async exportTo(format: ExportFormat, moduleId: string, passphrase: string): Promise<ExportResult | null> {
    const path = await api.data.chooseExportFile(format);
    if (!path) return null;
    this.busy = true;
    this.progress = { done: 0, total: 0 };
    try {
      this.lastExport = await api.data.export({ format, moduleId, path, passphrase });
      return this.lastExport;
    } finally {
      this.busy = false;
      this.progress = null;
    }
  }

  /** The native open dialog; "" if cancelled. Works before unlock too (import as a new profile). */
  async chooseImport(): Promise<string> {
    return api.data.chooseImportFile();
  }

  /** True for an encrypted .hearth bundle. */
  async needsPassphrase(path: string): Promise<boolean> {
    return api.data.needsPassphrase(path);
  }

  /** Adds a ChatGPT export (conversations.json or its ZIP) to a module of the open profile. */
  async importChatGPT(path: string, moduleId: string): Promise<ChatGPTImportResult> {
    this.busy = true;
    this.lastChatGPT = null;
    try {
      this.lastChatGPT = await api.data.importChatGPT(path, moduleId);
      return this.lastChatGPT;
    } finally {
      this.busy = false;
    }
  }

  async importFrom(path: string, passphrase: string): Promise<ImportResult> {
    this.busy = true;
    try {
      this.lastImport = await api.data.importInto(path, passphrase);
      return this.lastImport;
    } finally {
      this.busy = false;
    }
  }

  onProgress(p: EventPayloads['export:progress']): void {
    if (this.busy) this.progress = { done: p.done, total: p.total };
  }

  reset(): void {
    this.lastExport = null;
    this.lastImport = null;
    this.lastChatGPT = null;
    this.progress = null;
  }
}
