// How commands talk to the user: one JSON document (or one per line) with --json, readable text
// otherwise. Errors go to stderr as one line and set a non-zero exit code, never a stack trace.
import { VanthuError, classify } from '../errors.js';

export interface OutputOptions {
  json?: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** Print `value` as JSON when asked, otherwise through the human formatter. */
export function emit<T>(value: T, opts: OutputOptions, human: (v: T) => string): void {
  if (opts.json) printJson(value);
  else printText(human(value));
}

/** What the user typed is wrong (exit 2): a VanthuError with code INVALID_INPUT. */
export class UserError extends VanthuError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
    this.name = 'UserError';
  }
}

/** Prints one line for the error and exits with the code src/errors.ts gives its error code. */
export function fail(err: unknown, json = false): never {
  const message = err instanceof Error ? err.message : String(err);
  const { code, exit } = classify(err);
  if (json) process.stderr.write(JSON.stringify(err instanceof VanthuError ? err.toJSON() : { error: message, code }) + '\n');
  else process.stderr.write(`vanthu: ${message}\n`);
  if (process.env.VANTHU_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  process.exit(exit);
}

/** Wrap a command action so that a thrown error becomes one clear line and an exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    const last = args.filter((a) => a && typeof a === 'object' && !Array.isArray(a));
    const json = last.some((o) => (o as { json?: boolean }).json === true);
    try {
      await fn(...args);
    } catch (err) {
      fail(err, json);
    }
  };
}
