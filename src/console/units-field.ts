// The agency page's units field: one unit a line, "CODE | Name <address> | alias, alias", with a
// fourth part "cá nhân" for a person rather than a unit. The code names the unit in routing rules
// and the aliases are how the agency writes it ("P.KH", "Phòng KH"), which the instruction reader
// accepts (src/workflow/instruction.ts). A line with only "Name <address>" (the field's earlier
// form) keeps the code, kind and aliases of the unit of that name, so saving the page never
// drops them. Pure.
import type { Unit } from '../agency/agency.js';

export interface UnitLine {
  name: string;
  address?: string;
  code?: string;
  kind?: 'unit' | 'person';
  aliases?: string[];
}

const PERSON = /^(?:cá nhân|ca nhan|người|nguoi|person)$/i;

function nameAndAddress(s: string): { name: string; address?: string } {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(s.trim());
  return m ? { name: m[1]!.trim(), address: m[2]!.trim() } : { name: s.trim() };
}

/** The units a textarea gives, keeping what `before` knew of a unit written by name only. */
export function parseUnits(text: string, before: readonly Unit[] = []): UnitLine[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const parts = line.split('|').map((p) => p.trim());
      if (parts.length === 1) {
        const na = nameAndAddress(parts[0]!);
        const known = before.find((u) => u.name === na.name);
        return known ? { ...na, code: known.code, kind: known.kind, aliases: known.aliases } : na;
      }
      const [code, rest = '', aliases = '', kind = ''] = parts;
      return {
        ...nameAndAddress(rest),
        ...(code ? { code } : {}),
        aliases: aliases.split(',').map((a) => a.trim()).filter(Boolean),
        kind: PERSON.test(kind) ? ('person' as const) : ('unit' as const),
      };
    });
}

/** The textarea's text for the agency's units (the inverse of parseUnits). */
export function formatUnits(units: readonly Unit[]): string {
  return units
    .map((u) => {
      const parts = [u.code, u.address ? `${u.name} <${u.address}>` : u.name, u.aliases.join(', ')];
      if (u.kind === 'person') parts.push('cá nhân');
      return parts.join(' | ').replace(/ \| $/, '');
    })
    .join('\n');
}
