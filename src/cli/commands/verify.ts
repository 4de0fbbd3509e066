// Placeholder: replaced by the module that implements `vanthu verify`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('verify').description('not yet implemented').action(() => {
    process.stderr.write('vanthu verify: not yet implemented\n');
    process.exit(2);
  });
}
