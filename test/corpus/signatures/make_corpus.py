"""The multi-revision signature corpus of issue 14, made with real signing tools.

Usage: python make_corpus.py OUT_DIR      (the venv of src/stack/install.ts ensurePyhanko)

Writes OUT_DIR/*.pdf, OUT_DIR/pki/ (root.pem, inter.pem, root.crl, inter.crl, *.ocsp: the trust
anchor and revocation data vanthu's test gives its verifier) and OUT_DIR/expected.json: per file
and per signature (by field name) the HAND-WRITTEN label — the verdict the case is built to
have — and pyHanko's own validator's verdict (pyhanko.sign.validation, a ValidationContext with
the test root, the CRLs and OCSP responses, nothing fetched).

Default permissions, when the document has no /Perms /DocMDP: the labels follow ISO 32000-2
§12.8.2.2 as pyHanko and EU DSS apply it to approval signatures — signing, form filling,
annotations and validation data are allowed, anything else is not (the P=3 set). Overlay widgets
(an unsigned signature field drawn over the page) are always a modification for vanthu.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfops as ops  # noqa: E402
import pyhanko_ades  # noqa: E402
from pki import make_pki  # noqa: E402

P = 'PASSED'
MOD = 'FAILED/MODIFIED_AFTER_SIGNING'
NOPOE = 'INDETERMINATE/OUT_OF_BOUNDS_NO_POE'
BOX1, BOX2, BOX3 = (60, 80, 260, 150), (330, 80, 530, 150), (60, 170, 260, 240)


def seal_png(path: str) -> str:
    """A red round seal image (PNG with alpha), like the agency's seal scan."""
    from PIL import Image, ImageDraw
    img = Image.new('RGBA', (240, 240), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((8, 8, 232, 232), outline=(200, 0, 0, 255), width=10)
    d.ellipse((40, 40, 200, 200), outline=(200, 0, 0, 255), width=4)
    d.regular_polygon((120, 120, 40), 5, fill=(200, 0, 0, 255))
    img.save(path)
    return path


def build(out: str, pki, only: set[str] | None) -> dict[str, dict]:
    """Every case: file name -> {'description', 'tool', 'labels': {field: label}, 'pdf': bytes}."""
    png = seal_png(os.path.join(out, 'pki', 'seal.png'))
    tsa = ops.timestamper(pki)
    base = ops.base_pdf()
    base_table = ops.base_pdf(xref_stream=False, xmp=False)
    form = ops.base_pdf(form=True)
    cases: dict[str, dict] = {}

    def case(name, description, labels, make):
        if only and name not in only:
            return
        cases[name] = {'description': description, 'labels': labels, 'pdf': make(), 'tool': 'pyHanko 0.38.0'}

    s1 = lambda pdf, **kw: ops.sign(pdf, pki, pki.signer, 'Signer', box=BOX1, style=ops.text_style(), **kw)  # noqa: E731
    seal = lambda pdf, **kw: ops.sign(pdf, pki, pki.seal, 'Seal', box=BOX2, style=ops.seal_style(png), **kw)  # noqa: E731

    # ---- several signatures, new and prepared fields, appearances, /Info and XMP ----
    case('two-signatures', 'signer (RSA, text stamp in DejaVu Sans) then agency seal (ECDSA, PNG seal image), each in a new field; /Info and XMP updated by each',
         {'Signer': P, 'Seal': P}, lambda: seal(s1(base)))
    case('three-signatures', 'head of office, deputy, agency seal: three new visible fields',
         {'Signer': P, 'Deputy': P, 'Seal': P},
         lambda: seal(ops.sign(s1(base), pki, pki.signer, 'Deputy', box=BOX3, style=ops.text_style())))
    case('prepared-fields', 'empty fields Signer and Seal created in a revision of their own, then filled one after the other',
         {'Signer': P, 'Seal': P},
         lambda: ops.sign(ops.sign(ops.prepare_fields(base, [('Signer', BOX1), ('Seal', BOX2)]), pki, pki.signer, 'Signer',
                                   style=ops.text_style(), existing=True),
                          pki, pki.seal, 'Seal', style=ops.seal_style(png), existing=True))
    case('info-xmp-table', 'classic xref tables, /Info without XMP: the second signing rewrites /Info (ModDate, Producer)',
         {'Signer': P, 'Seal': P}, lambda: seal(s1(base_table)))
    case('invisible-two', 'two invisible signatures (no appearance stream)', {'Signer': P, 'Seal': P},
         lambda: ops.sign(ops.sign(base, pki, pki.signer, 'Signer'), pki, pki.seal, 'Seal'))
    # ---- validation data and time-stamps ----
    case('dss-indirect', 'signature, then /DSS by DocumentSecurityStore.add_dss (an indirect dictionary, direct arrays, /VRI)',
         {'Signer': P}, lambda: ops.dss_pyhanko(s1(base), pki))
    case('dss-direct', 'signature, then /DSS written directly in the catalog with direct arrays',
         {'Signer': P}, lambda: ops.dss_direct(s1(base), pki))
    case('dss-indirect-arrays', 'signature, then /DSS with indirect arrays, an indirect /VRI and indirect VRI entries',
         {'Signer': P}, lambda: ops.dss_indirect_arrays(s1(base), pki))
    case('dss-between', 'signature, /DSS, then the seal: the seal follows a validation-data revision',
         {'Signer': P, 'Seal': P}, lambda: seal(ops.dss_pyhanko(s1(base), pki)))
    case('pades-b-b', 'PAdES B-B: one signature, nothing after it', {'Signer': P}, lambda: s1(base))
    case('pades-b-t', 'PAdES B-T: signature time-stamp from the test TSA', {'Signer': P}, lambda: s1(base, ts=tsa))
    case('pades-b-lt', 'PAdES B-LT: signature time-stamp and DSS (embed_validation_info)', {'Signer': P},
         lambda: s1(base, ts=tsa, ltv=True))
    case('pades-b-lta', 'PAdES B-LTA: B-LT plus a document time-stamp (use_pades_lta)',
         {'Signer': P, '@doc-timestamp': P}, lambda: s1(base, ts=tsa, lta=True))
    case('doc-timestamp', 'two signatures, then a document time-stamp (PdfTimeStamper)',
         {'Signer': P, 'Seal': P, '@doc-timestamp': P}, lambda: ops.doc_timestamp(seal(s1(base)), pki))
    case('lta-two-signatures', 'B-LT signer, B-LT seal, document time-stamp with its own validation data',
         {'Signer': P, 'Seal': P, '@doc-timestamp': P},
         lambda: ops.doc_timestamp(seal(s1(base, ts=tsa, ltv=True), ts=tsa, ltv=True), pki, ltv=True))
    # ---- later changes ----
    # Without DocMDP the default allows signing and form filling, not annotations (pyHanko's
    # effective default; an annotation can draw over the signed page like an overlay widget).
    case('annotation-after', 'signature, then a sticky note (/Text annotation) on page 1 (no DocMDP: annotations not allowed)',
         {'Signer': MOD}, lambda: ops.add_annotation(s1(base)))
    case('page-added', 'signature, then a page appended', {'Signer': MOD}, lambda: ops.add_page(s1(base)))
    case('content-changed', "signature, then page 1's /Contents replaced with another number",
         {'Signer': MOD}, lambda: ops.change_content(s1(base)))
    case('overlay-widget', 'signature, then an unsigned signature field whose appearance covers page 1',
         {'Signer': MOD}, lambda: ops.add_overlay(s1(base)))
    case('form-filled-after', 'signature over a form, then the text field Note filled', {'Signer': P},
         lambda: ops.fill_field(s1(form), 'Note', 'Da nhan'))
    # ---- certification (DocMDP) and field locks (FieldMDP) ----
    cert = lambda pdf, perm, **kw: ops.sign(pdf, pki, pki.signer, 'Signer', box=BOX1, style=ops.text_style(), certify=perm, **kw)  # noqa: E731
    case('certify-p1-signature', 'certified P=1, then a second signature: no change allowed',
         {'Signer': MOD, 'Seal': P}, lambda: seal(cert(base, MDPPerm.NO_CHANGES), ignore_docmdp=True))
    case('certify-p1-dss-timestamp', 'certified P=1, then DSS and a document time-stamp (allowed: ISO 32000-2 §12.8.2.2.2)',
         {'Signer': P, '@doc-timestamp': P}, lambda: ops.doc_timestamp(ops.dss_pyhanko(cert(base, MDPPerm.NO_CHANGES), pki), pki))
    case('certify-p2-prepared-field', 'certified P=2 with an empty Seal field prepared before certifying; the seal fills it',
         {'Signer': P, 'Seal': P},
         lambda: ops.sign(cert(ops.prepare_fields(base, [('Seal', BOX2)]), MDPPerm.FILL_FORMS), pki, pki.seal, 'Seal',
                          style=ops.seal_style(png), existing=True))
    # Adobe and pyHanko: after certification, signing means filling the fields the certifier
    # left; a new field (a widget annotation added to the page) is not form filling.
    case('certify-p2-new-field', 'certified P=2, then the seal signs in a NEW field (pyHanko and Acrobat: not allowed)',
         {'Signer': MOD, 'Seal': P}, lambda: seal(cert(base, MDPPerm.FILL_FORMS)))
    case('certify-p2-form-fill', 'certified P=2 over a form, then a field filled', {'Signer': P},
         lambda: ops.fill_field(cert(form, MDPPerm.FILL_FORMS), 'Note', 'Da nhan'))
    case('certify-p2-annotation', 'certified P=2, then an annotation (not allowed at P=2)', {'Signer': MOD},
         lambda: ops.add_annotation(cert(base, MDPPerm.FILL_FORMS)))
    case('certify-p3-annotation', 'certified P=3, then an annotation', {'Signer': P},
         lambda: ops.add_annotation(cert(base, MDPPerm.ANNOTATE)))
    case('certify-p3-page-added', 'certified P=3, then a page added', {'Signer': MOD},
         lambda: ops.add_page(cert(base, MDPPerm.ANNOTATE)))
    case('fieldmdp-lock-filled', 'signature locking field Amount (FieldMDP /Include), then Amount changed',
         {'Signer': MOD}, lambda: ops.fill_field(s1(form, lock=['Amount']), 'Amount', '9.000.000'))
    case('fieldmdp-other-filled', 'signature locking field Amount, then the unlocked Note filled',
         {'Signer': P}, lambda: ops.fill_field(s1(form, lock=['Amount']), 'Note', 'Da nhan'))
    # ---- expired signer ----
    signed_at = pki.expired.cert.not_valid_after_utc - dt.timedelta(days=30)

    def expired(ts: bool) -> bytes:
        with ops.frozen_clock(signed_at):
            return ops.sign(base, pki, pki.expired, 'Signer', box=BOX1, style=ops.text_style(),
                            ts=ops.timestamper(pki, signed_at) if ts else None)
    case('expired-with-timestamp', 'signer certificate expired a year ago; signature time-stamp from a month before expiry',
         {'Signer': P}, lambda: expired(True))
    case('expired-without-timestamp', 'the same signer, no time-stamp: signing time is only a claim',
         {'Signer': NOPOE}, lambda: expired(False))
    case('expired-doc-timestamp', 'expired signer without signature time-stamp, but a document time-stamp taken while it was valid',
         {'Signer': P, '@doc-timestamp': P}, lambda: expired_doc_ts(pki, base, signed_at))
    return cases


def expired_doc_ts(pki, base, signed_at) -> bytes:
    with ops.frozen_clock(signed_at):
        pdf = ops.sign(base, pki, pki.expired, 'Signer', box=BOX1)
    from io import BytesIO as B
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    w = IncrementalPdfFileWriter(B(pdf))
    out = B()
    with ops.frozen_clock(signed_at + dt.timedelta(days=1)):
        signers.PdfTimeStamper(ops.timestamper(pki, signed_at + dt.timedelta(days=1))).timestamp_pdf(w, 'sha256', output=out)
    return out.getvalue()


def pyhanko_verdicts(pdf: bytes, pki) -> dict[str, dict]:
    """pyHanko's validator on every signature and document time-stamp, offline."""
    res: dict[str, dict] = {}
    try:
        sigs = PdfFileReader(BytesIO(pdf)).embedded_signatures
    except Exception as e:  # noqa: BLE001 — pyHanko cannot read the file: no verdict
        return {'@file': {'error': f'{type(e).__name__}: {e}'}}
    for es in sigs:
        name = '@doc-timestamp' if es.sig_object_type == '/DocTimeStamp' else es.field_name
        try:
            if es.sig_object_type == '/DocTimeStamp':
                st = validate_pdf_timestamp(es, validation_context=ops.validation_context(pki))
            else:
                st = validate_pdf_signature(es, ops.validation_context(pki), ops.validation_context(pki))
            ts = getattr(st, 'timestamp_validity', None)
            res[name] = {
                'intact': st.intact, 'valid': st.valid, 'trusted': st.trusted,
                'docmdp_ok': getattr(st, 'docmdp_ok', None),
                'modification_level': st.modification_level.name if getattr(st, 'modification_level', None) else None,
                'coverage': st.coverage.name if getattr(st, 'coverage', None) else None,
                'bottom_line': getattr(st, 'bottom_line', None),
                'revoked': getattr(st, 'revoked', None),
                'timestamp': None if ts is None else {'intact': ts.intact, 'valid': ts.valid, 'trusted': ts.trusted},
                'summary': st.summary(),
                'ades_lta': pyhanko_ades.ades_lta(es, pki) if es.sig_object_type != '/DocTimeStamp' else None,
            }
        except Exception as e:  # noqa: BLE001 — recorded: pyHanko gave no verdict
            res[name] = {'error': f'{type(e).__name__}: {e}'}
    return res


def write_pki(out: str, pki) -> None:
    d = os.path.join(out, 'pki')
    os.makedirs(d, exist_ok=True)
    for p in (pki.root, pki.inter, pki.signer, pki.seal, pki.expired, pki.tsa):
        with open(os.path.join(d, f'{p.name}.pem'), 'wb') as f:
            f.write(p.pem)
    for k, v in pki.crls.items():
        with open(os.path.join(d, f'{k}.crl'), 'wb') as f:
            f.write(v)
    for k, v in pki.ocsps.items():
        with open(os.path.join(d, f'{k}.ocsp'), 'wb') as f:
            f.write(v)


def main() -> None:
    logging.disable(logging.CRITICAL)  # pyHanko logs every failed path; the verdicts go to expected.json
    out = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2].split(',')) if len(sys.argv) > 2 and sys.argv[2] else None
    os.makedirs(os.path.join(out, 'pki'), exist_ok=True)
    pki = make_pki()
    write_pki(out, pki)
    cases = build(out, pki, only)
    extra = extra_tools(out, pki, only)
    cases.update(extra)
    expected = {'generated': pki.now.isoformat(), 'pyhanko': '0.38.0', 'files': {}}
    for name, c in cases.items():
        path = os.path.join(out, f'{name}.pdf')
        with open(path, 'wb') as f:
            f.write(c['pdf'])
        expected['files'][f'{name}.pdf'] = {
            'description': c['description'], 'tool': c['tool'], 'labels': c['labels'],
            'pyhanko': pyhanko_verdicts(c['pdf'], pki),
        }
    with open(os.path.join(out, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
    print(f'{len(cases)} files in {out}')


def extra_tools(out: str, pki, only) -> dict[str, dict]:
    """Files from the other tools (other_tools.py): @signpdf through node, endesive."""
    try:
        import other_tools
    except ImportError:
        return {}
    return other_tools.build(out, pki, only, subprocess)


if __name__ == '__main__':
    main()
