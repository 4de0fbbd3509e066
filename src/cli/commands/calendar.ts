// Placeholder: replaced by the module that implements `vanthu calendar`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('calendar').description('not yet implemented').action(() => {
    process.stderr.write('vanthu calendar: not yet implemented\n');
    process.exit(2);
  });
}
