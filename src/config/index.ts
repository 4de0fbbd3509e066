export { loadConfig, projectRoot, deepMerge } from './load.js';
export { ConfigError } from './env.js';
export type { VanthuConfig } from './schema.js';
