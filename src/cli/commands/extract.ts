// Placeholder: replaced by the module that implements `vanthu extract`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('extract').description('not yet implemented').action(() => {
    process.stderr.write('vanthu extract: not yet implemented\n');
    process.exit(2);
  });
}
