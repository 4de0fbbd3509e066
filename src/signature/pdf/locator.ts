// Finding signature dictionaries by walking the document: trailer /Root → /AcroForm → /Fields
// (and /Kids), fields of type /Sig (inherited /FT) whose /V is the signature dictionary.
// Never a regex over "/ByteRange": edited and incremental files hold stale copies.
import { PdfDocument } from './document.js';
import { signatureFields } from './form.js';
import { PdfDict, PdfRef, PdfString, isStream, nameOf, type PdfValue } from './objects.js';

const MAX_FIELDS = 20_000;

export interface SignatureDictionary {
  objNum: number | null;
  fieldName: string | null;
  /** The signature field's dictionary (its /Lock), null when found outside the form. */
  field: PdfDict | null;
  dict: PdfDict;
  type: 'Sig' | 'DocTimeStamp';
  filter: string | null;
  subFilter: string | null;
  byteRange: PdfValue | undefined;
  contents: PdfString | null;
  m: Date | null;
  name: string | null;
  reason: string | null;
  location: string | null;
}

export function findSignatures(doc: PdfDocument): SignatureDictionary[] {
  const found = new Map<string, SignatureDictionary>();
  const root = findCatalog(doc);
  const acro = root ? doc.dict(root.get('AcroForm')) : null;
  // The same field walk as the modification check (form.ts), on the newest revision.
  for (const f of signatureFields(doc, acro, doc.map)) {
    const v = f.dict.get('V');
    if (v === undefined) continue;
    const sig = describe(doc, v, f.name, f.dict);
    if (sig) found.set(sig.objNum !== null ? `n${sig.objNum}` : `f${f.name}`, sig);
  }
  let visited = 0;
  if (found.size === 0 && (doc.reconstructed || !root)) {
    // Damaged file without a usable AcroForm: examine every object, parsing each properly.
    for (const num of doc.map.keys()) {
      if (++visited > MAX_FIELDS * 10) break;
      const o = doc.object(num);
      const d = o && !isStream(o.value) && o.value instanceof PdfDict ? o.value : null;
      const type = d ? nameOf(d.get('Type')) : null;
      if (d && (type === 'Sig' || type === 'DocTimeStamp' || (d.get('ByteRange') !== undefined && d.get('Contents') !== undefined))) {
        const sig = describe(doc, new PdfRef(num, o!.gen), null, null);
        if (sig) found.set(`n${num}`, sig);
      }
    }
  }
  return [...found.values()];
}

/** The trailer's /Root, or (damaged files) the first object typed /Catalog; null when none. */
export function findCatalog(doc: PdfDocument): PdfDict | null {
  const root = doc.dict(doc.trailer.get('Root'));
  if (root) return root;
  for (const num of doc.map.keys()) {
    const o = doc.object(num);
    if (o && o.value instanceof PdfDict && nameOf(o.value.get('Type')) === 'Catalog') return o.value;
  }
  return null;
}

function safeText(s: PdfString): string | null {
  try {
    return s.text();
  } catch {
    return null;
  }
}

function describe(doc: PdfDocument, v: PdfValue, fieldName: string | null, field: PdfDict | null): SignatureDictionary | null {
  const dict = doc.dict(v);
  if (!dict) return null;
  const type = nameOf(dict.get('Type'));
  const subFilter = nameOf(doc.resolve(dict.get('SubFilter')));
  const str = (k: string): string | null => {
    const x = doc.resolve(dict.get(k));
    return x instanceof PdfString ? safeText(x) : null;
  };
  // /Contents must be a direct string: its offsets in the file are what /ByteRange excludes.
  const contents = dict.get('Contents');
  const m = str('M');
  return {
    objNum: v instanceof PdfRef ? v.num : null,
    fieldName,
    field,
    dict,
    type: type === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161' ? 'DocTimeStamp' : 'Sig',
    filter: nameOf(doc.resolve(dict.get('Filter'))),
    subFilter,
    byteRange: doc.resolve(dict.get('ByteRange')),
    contents: contents instanceof PdfString ? contents : null,
    m: m ? parsePdfDate(m) : null,
    name: str('Name'),
    reason: str('Reason'),
    location: str('Location'),
  };
}

/** "D:YYYYMMDDHHmmSSOHH'mm'" (§7.9.4); missing parts default; null when unreadable. */
export function parsePdfDate(s: string): Date | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-])?(\d{2})?'?(\d{2})?'?/.exec(s.trim());
  if (!m) return null;
  let ms = Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (m[7] === '+' || m[7] === '-') {
    const off = (Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)) * 60_000;
    ms += m[7] === '+' ? -off : off;
  }
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d;
}
