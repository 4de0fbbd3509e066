// `vanthu demo` (`npm run demo`): the local stack plus the service, end to end, with a sample document.
import type { Command } from 'commander';
import { stackUp } from '../../stack/stack.js';
import { openContext } from '../../runtime/context.js';
import { runDemo } from '../../demo/demo.js';
import { logger } from '../../log.js';
import { action } from '../output.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('start the local stack and send a sample document from one sandbox agency to another')
    .action(
      action(async () => {
        process.stdout.write('0. Starting the local stack (installs what is missing the first time)…\n');
        const services = await stackUp();
        const down = services.filter((s) => !s.answering);
        if (down.length) throw new Error(`services not answering: ${down.map((s) => `${s.name} (${s.detail})`).join(', ')}`);
        const ctx = await openContext({ log: logger('warn') });
        try {
          await runDemo(ctx);
        } finally {
          await ctx.close();
        }
        process.exit(0);
      }),
    );
}
