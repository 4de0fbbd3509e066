// The CLI's way to the service layer: open the context, build the services, act as the person at
// the shell. Commands run on the server itself by whoever administers it, so they act as an
// administrator; the audit log records them as `cli:<system user>`.
import { userInfo } from 'node:os';
import { cliPrincipal, type Principal } from '../access/roles.js';
import { withContext, type AppContext } from '../runtime/context.js';
import { createServices, type Services } from '../service/index.js';
import { commandLogger } from '../log.js';

export function shellUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function cliActor(): Principal {
  return cliPrincipal(`cli:${shellUser()}`);
}

export async function withServices<T>(fn: (s: Services, actor: Principal, ctx: AppContext) => Promise<T>): Promise<T> {
  return withContext((ctx) => fn(createServices(ctx), cliActor(), ctx), { log: commandLogger() });
}
