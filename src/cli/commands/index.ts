// The sub-commands: one module per command (or command group), loaded only when it is the one
// asked for, so that `vanthu verify` does not pay for loading the database and queue libraries.
import type { Command } from 'commander';

export type Register = (program: Command) => void;

type Loader = () => Promise<{ register: Register }>;

export const commandLoaders: Record<string, Loader> = {
  stack: () => import('./stack.js'),
  demo: () => import('./demo.js'),
  run: () => import('./run.js'),
  api: () => import('./run.js'),
  worker: () => import('./worker.js'),
  mailbox: () => import('./mailbox.js'),
  messages: () => import('./messages.js'),
  send: () => import('./send.js'),
  status: () => import('./status.js'),
  register: () => import('./register.js'),
  report: () => import('./report.js'),
  quarantine: () => import('./quarantine.js'),
  calendar: () => import('./calendar.js'),
  extract: () => import('./extract.js'),
  inspect: () => import('./inspect.js'),
  verify: () => import('./verify.js'),
  trust: () => import('./trust.js'),
  agency: () => import('./agency.js'),
  user: () => import('./user.js'),
  token: () => import('./token.js'),
  audit: () => import('./audit.js'),
  migrate: () => import('./migrate.js'),
  workflow: () => import('./workflow.js'),
};

/** The registrars for `name`, or for every command when `name` is not one (help, typos). */
export async function loadCommands(name: string | undefined): Promise<Register[]> {
  const loaders = name && commandLoaders[name] ? [commandLoaders[name]!] : Object.values(commandLoaders);
  // `run` and `api` share a module: register each module once.
  return [...new Set((await Promise.all(loaders.map((l) => l()))).map((m) => m.register))];
}
