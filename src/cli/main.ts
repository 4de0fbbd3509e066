// The `vanthu` command: each sub-command lives in its own module under ./commands and registers
// itself on the program. Keep the command names and their --json output stable: users script them.
import { Command } from 'commander';
import { loadCommands } from './commands/index.js';

const program = new Command();
program
  .name('vanthu')
  .description('Official documents over email for Vietnamese state agencies (Decision 36/2013/QĐ-UBND)')
  .version('0.1.0')
  .showHelpAfterError();

for (const register of await loadCommands(process.argv[2])) register(program);

await program.parseAsync(process.argv);
