// The project folder (the one holding config/default.json), found from this module whether it runs
// from src/ through tsx or compiled under dist/src/. No other imports: the calendar, the policy and
// the trust store use it without loading the configuration.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'config', 'default.json'))) return dir;
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export const projectRoot = findRoot();

/** A file under the project's config/ folder. */
export const configFile = (...parts: string[]): string => join(projectRoot, 'config', ...parts);
