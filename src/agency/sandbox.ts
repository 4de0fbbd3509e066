// The three agencies of the local sandbox (`vanthu stack up`, the demo and the tests): the
// provincial People's Committee, the Department of Information and Communications and the
// Department of Finance, with mail domains the sandbox Postfix and Dovecot serve.
import type { AgencyInput } from './agency.js';
import type { AgencyDirectory } from './directory.js';
import type { AgencyModels } from './model.js';
import { AgencyService } from './service.js';
import type { AuditLog } from '../audit/log.js';
import { SYSTEM } from '../access/roles.js';

export const SANDBOX_AGENCIES: readonly AgencyInput[] = [
  { code: '000.00.00.H41', name: 'Ủy ban nhân dân tỉnh Long An', address: 'vanthu@ubnd.longan.test', dispatchAddress: 'dispatch@ubnd.longan.test', units: [{ name: 'Văn phòng UBND tỉnh', address: 'vanphong@ubnd.longan.test' }] },
  { code: '000.00.15.H41', name: 'Sở Thông tin và Truyền thông tỉnh Long An', address: 'vanthu@stttt.longan.test', dispatchAddress: 'dispatch@stttt.longan.test', parentCode: '000.00.00.H41', units: [{ name: 'Phòng Kế hoạch - Tài chính', address: 'khtc@stttt.longan.test' }, { name: 'Phòng Công nghệ thông tin', address: 'cntt@stttt.longan.test' }] },
  { code: '000.00.07.H41', name: 'Sở Tài chính tỉnh Long An', address: 'vanthu@sotc.longan.test', dispatchAddress: 'dispatch@sotc.longan.test', parentCode: '000.00.00.H41' },
];

/** Adds the sandbox agencies that are missing from the directory (existing ones are left alone). */
export async function seedSandboxAgencies(deps: { models: { Agency: AgencyModels['Agency'] }; agencies: AgencyDirectory; audit: AuditLog }): Promise<string[]> {
  const service = new AgencyService({ Agency: deps.models.Agency, directory: deps.agencies, audit: deps.audit });
  return service.seed(SYSTEM, SANDBOX_AGENCIES);
}
