// Placeholder: replaced by the module that implements `vanthu inspect`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('inspect').description('not yet implemented').action(() => {
    process.stderr.write('vanthu inspect: not yet implemented\n');
    process.exit(2);
  });
}
