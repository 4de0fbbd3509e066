// The list of sub-commands. One module per command (or command group).
import type { Command } from 'commander';
import { register as calendar } from './calendar.js';
import { register as extract } from './extract.js';
import { register as inspect } from './inspect.js';
import { register as verify } from './verify.js';
import { register as stack } from './stack.js';
import { register as worker } from './worker.js';
import { register as mailbox } from './mailbox.js';
import { register as registerBook } from './register.js';
import { register as trust } from './trust.js';
import { register as run } from './run.js';
import { register as messages } from './messages.js';
import { register as send } from './send.js';
import { register as status } from './status.js';
import { register as demo } from './demo.js';

export type Register = (program: Command) => void;

export const commands: Register[] = [stack, demo, run, worker, mailbox, messages, send, status, registerBook, calendar, extract, inspect, verify, trust];
