// App facts (version, health checks). No state to hold, so plain functions.
import * as api from '../api';

export const version = (): Promise<string> => api.system.version();
export const doctor = () => api.system.doctor();
