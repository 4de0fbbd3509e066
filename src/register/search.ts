// Searching the register without diacritics: neither MongoDB's text index with Vietnamese nor
// FerretDB (no text indexes, no collations) matches "quyet dinh" to "Quyết định", so each entry
// carries `searchText`, the folded text of what people search by (number and notation, organ,
// type, subject, sender), and a query is folded the same way and matched as a substring.
import { fold } from '../extract/text/fold.js';
import { escapeRegex } from '../store/paging.js';

interface Searchable {
  metadata?: Record<string, unknown> | null;
  sender?: string | null;
  recipientUnit?: string | null;
  note?: string | null;
}

/** Folded, NFC, single-spaced: the form both the stored text and the queries take. */
export function searchForm(s: string): string {
  return fold(s.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

export function searchTextOf(e: Searchable): string {
  const md = e.metadata ?? {};
  const code = (md.codeRaw as string | null) ?? (md.codeNumber && md.codeNotation ? `${String(md.codeNumber)}/${String(md.codeNotation)}` : null);
  return searchForm([code, md.organName, md.typeName, md.subject, e.sender, e.recipientUnit, e.note].filter((x) => typeof x === 'string' && x).join(' \u2022 '));
}

/** A regular expression source matching the folded query as a plain substring. */
export function searchPattern(query: string): string {
  return escapeRegex(searchForm(query));
}

// Every Vietnamese letter that folds to each base letter, for matching a field that has no folded
// copy: "so tai chinh" must find "Sở Tài chính".
const VARIANTS: Record<string, string> = {
  a: 'aàáảãạăằắẳẵặâầấẩẫậ',
  e: 'eèéẻẽẹêềếểễệ',
  i: 'iìíỉĩị',
  o: 'oòóỏõọôồốổỗộơờớởỡợ',
  u: 'uùúủũụưừứửữự',
  y: 'yỳýỷỹỵ',
  d: 'dđ',
};

/**
 * A regular expression (use with the `i` option) that finds `query` in text with or without its
 * marks: each letter becomes the class of its variants, everything else is matched literally.
 */
export function markInsensitivePattern(query: string): string {
  let out = '';
  for (const ch of searchForm(query)) {
    const v = VARIANTS[ch];
    if (v) out += `[${v}${v.toUpperCase()}]`;
    else if (ch === ' ') out += '\\s+';
    else out += escapeRegex(ch);
  }
  return out;
}
