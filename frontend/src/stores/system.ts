// App facts (version, health checks). No state to hold, so plain functions.
import * as api from '../api';

export const version = (): Promise<string> => api.system.version();
export const doctor = () => api.system.doctor();

/** Best effort: report a rendered screen to the backend log (the smoke test waits for it). */
export function uiReady(screen: string, detail = ''): void {
  api.system.uiReady(screen, detail.slice(0, 200)).catch(() => {});
}
