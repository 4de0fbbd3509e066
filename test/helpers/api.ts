// An HTTP API on a test's own database, with people of each role and their tokens, as an
// administrator would set them up (`vanthu user add`, `vanthu token create`).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { buildApi } from '../../src/api/server.js';
import { cliPrincipal } from '../../src/access/roles.js';
import { openContext, type AppContext } from '../../src/runtime/context.js';
import { createServices, type Services } from '../../src/service/index.js';
import { freshDb, freshPrefix, seedAgencies } from './env.js';

export const STTTT = '000.00.15.H41';
export const SOTC = '000.00.07.H41';
export const UBND = '000.00.00.H41';
export const ADMIN = cliPrincipal('cli:test');

/** The console password each test person is given. */
export function passwordOf(login: string): string {
  return `Mật khẩu của ${[...login].reverse().join('')} đủ dài 2026`;
}

export interface ApiWorld {
  ctx: AppContext;
  /** The test database's URI (for CLI processes). */
  uri: string;
  s: Services;
  app: FastifyInstance;
  /** Tokens by person: admin; clerk and reader and leader of STTTT; clerk of SOTC. */
  tokens: Record<'admin' | 'clerk' | 'reader' | 'leader' | 'otherClerk', string>;
  call(method: string, url: string, o?: { token?: string | null; body?: unknown; headers?: Record<string, string>; payload?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function apiWorld(cfgOver: Partial<AppContext['cfg']> = {}): Promise<ApiWorld> {
  const db = await freshDb();
  const base = openContext({ mongodbUri: db.uri, prefix: freshPrefix(), log: pino({ level: 'silent' }) });
  const ctx0 = await base;
  const ctx = cfgOver && Object.keys(cfgOver).length ? Object.assign(ctx0, { cfg: { ...ctx0.cfg, ...cfgOver } }) : ctx0;
  await seedAgencies(ctx);
  const s = createServices(ctx);
  const people = [
    ['root', 'admin', null],
    ['lan', 'clerk', STTTT],
    ['hoa', 'reader', STTTT],
    ['tuan', 'leader', STTTT],
    ['minh', 'clerk', SOTC],
  ] as const;
  for (const [login, role, agencyCode] of people) await s.users.add(ADMIN, { login, role, agencyCode, password: passwordOf(login) });
  const token = async (login: string) => (await s.tokens.create(ADMIN, login)).token;
  const tokens = { admin: await token('root'), clerk: await token('lan'), reader: await token('hoa'), leader: await token('tuan'), otherClerk: await token('minh') };
  const app = await buildApi(ctx);
  return {
    ctx,
    uri: db.uri,
    s,
    app,
    tokens,
    call: (method, url, o = {}) =>
      app.inject({
        method: method as never,
        url,
        headers: { host: 'localhost:8480', ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.payload !== undefined ? { 'content-type': 'text/csv' } : {}), ...o.headers },
        ...(o.body !== undefined ? { payload: o.body as object } : o.payload !== undefined ? { payload: o.payload } : {}),
      }),
    close: async () => {
      await app.close();
      await ctx.close();
      await db.drop();
    },
  };
}
