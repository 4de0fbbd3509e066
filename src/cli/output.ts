// How commands talk to the user: one JSON document (or one per line) with --json, readable text
// otherwise. Errors go to stderr as one line and set a non-zero exit code, never a stack trace.

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

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function fail(err: unknown, json = false): never {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof UserError ? err.exitCode : 1;
  if (json) process.stderr.write(JSON.stringify({ error: message }) + '\n');
  else process.stderr.write(`vanthu: ${message}\n`);
  if (process.env.VANTHU_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  process.exit(code);
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
