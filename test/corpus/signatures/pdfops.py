"""PDF operations of the corpus, each one incremental update written with pyHanko's own writer:
a base document, signatures (new or prepared fields, stamps with fonts and images, certification,
FieldMDP locks, time-stamps, LTV), document time-stamps, DSS, and the later changes a validator
must judge (annotation, page, content, overlay widget, form filling)."""
from __future__ import annotations

import contextlib
import datetime as dt
from io import BytesIO

from pyhanko import stamp
from pyhanko.pdf_utils import generic, images, text
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from pki import Party, Pki

FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
TEXT = ['UY BAN NHAN DAN TINH LONG AN', 'So: 12/UBND-VX', 'V/v trien khai cong tac van thu nam 2026',
        'Kinh gui: Cac so, ban, nganh tinh.']


def validation_context(pki: Pki, **kw) -> ValidationContext:
    """The test root as the only anchor, with its CRLs and OCSP responses; nothing fetched."""
    return ValidationContext(
        trust_roots=[pki.root.a_cert], other_certs=[pki.inter.a_cert, pki.tsa.a_cert],
        crls=list(pki.crls.values()), ocsps=list(pki.ocsps.values()), allow_fetching=False,
        revocation_mode='hard-fail', **kw)


def simple_signer(pki: Pki, p: Party) -> signers.SimpleSigner:
    return signers.SimpleSigner(p.a_cert, p.a_key, SimpleCertificateStore.from_certs([pki.inter.a_cert, pki.root.a_cert]))


def timestamper(pki: Pki, at: dt.datetime | None = None) -> DummyTimeStamper:
    """pyHanko's in-process RFC 3161 TSA (no HTTP), with the test TSA's key; `at` fixes genTime."""
    return DummyTimeStamper(pki.tsa.a_cert, pki.tsa.a_key, certs_to_embed=[pki.inter.a_cert], fixed_dt=at)


def _stream(data: bytes, **entries) -> generic.StreamObject:
    return generic.StreamObject({pdf_name(k): v for k, v in entries.items()}, stream_data=data)


def _helv() -> generic.DictionaryObject:
    return generic.DictionaryObject({pdf_name('/Type'): pdf_name('/Font'), pdf_name('/Subtype'): pdf_name('/Type1'),
                                     pdf_name('/BaseFont'): pdf_name('/Helvetica'),
                                     pdf_name('/Encoding'): pdf_name('/WinAnsiEncoding')})


def base_pdf(*, pages: int = 1, form: bool = False, xmp: bool = True, xref_stream: bool = True, payload: int = 0) -> bytes:
    """A one-page official letter with real text, /Info and (by default) XMP /Metadata; `form`
    adds two text fields (Amount, Note) with /AcroForm /DA /DR; `payload` an incompressible
    image stream of that many bytes (the bench's 50 MB file)."""
    install_clock()
    w = PdfFileWriter(stream_xrefs=xref_stream)
    w.document_meta.title = 'Cong van 12/UBND-VX'
    w.document_meta.author = 'UBND tinh Long An'
    w.document_meta.creator = 'vanthu corpus'
    if xmp:
        w.document_meta.xmp_unmanaged = True
    font = w.add_object(_helv())
    for n in range(pages):
        lines = ''.join(f'BT /F1 13 Tf 60 {780 - 22 * i} Td ({t}) Tj ET\n' for i, t in enumerate(TEXT + [f'Trang {n + 1}']))
        contents = w.add_object(_stream(lines.encode('latin-1')))
        res = generic.DictionaryObject({pdf_name('/Font'): generic.DictionaryObject({pdf_name('/F1'): font})})
        w.insert_page(PageObject(contents, (0, 0, 595, 842), res))
    if payload:
        data = bytearray(payload)
        for o in range(0, payload - 4, 65536):
            data[o:o + 4] = ((o * 2654435761) & 0xFFFFFFFF).to_bytes(4, 'little')
        img = w.add_object(_stream(bytes(data), **{'/Type': pdf_name('/XObject'), '/Subtype': pdf_name('/Image'),
                                                   '/Width': generic.NumberObject(1), '/Height': generic.NumberObject(1),
                                                   '/ColorSpace': pdf_name('/DeviceGray'),
                                                   '/BitsPerComponent': generic.NumberObject(8)}))
        w.root[pdf_name('/VanthuPayload')] = img
    if form:
        page_ref = w.root['/Pages']['/Kids'].raw_get(0)
        flds = generic.ArrayObject()
        annots = generic.ArrayObject()
        for i, name in enumerate(['Amount', 'Note']):
            ap = w.add_object(_stream(b'', **{'/Type': pdf_name('/XObject'), '/Subtype': pdf_name('/Form'),
                                            '/BBox': generic.ArrayObject(map(generic.NumberObject, [0, 0, 200, 20]))}))
            f = w.add_object(generic.DictionaryObject({
                pdf_name('/FT'): pdf_name('/Tx'), pdf_name('/T'): generic.TextStringObject(name),
                pdf_name('/Type'): pdf_name('/Annot'), pdf_name('/Subtype'): pdf_name('/Widget'),
                pdf_name('/Rect'): generic.ArrayObject(map(generic.NumberObject, [60, 600 - 30 * i, 260, 620 - 30 * i])),
                pdf_name('/F'): generic.NumberObject(4), pdf_name('/P'): page_ref,
                pdf_name('/DA'): generic.TextStringObject('/Helv 10 Tf 0 g'),
                pdf_name('/AP'): generic.DictionaryObject({pdf_name('/N'): ap}),
            }))
            flds.append(f)
            annots.append(f)
        page_ref.get_object()[pdf_name('/Annots')] = annots
        w.root[pdf_name('/AcroForm')] = w.add_object(generic.DictionaryObject({
            pdf_name('/Fields'): flds, pdf_name('/DA'): generic.TextStringObject('/Helv 0 Tf 0 g'),
            pdf_name('/DR'): generic.DictionaryObject({pdf_name('/Font'): generic.DictionaryObject({pdf_name('/Helv'): w.add_object(_helv())})}),
        }))
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def text_style() -> stamp.TextStampStyle:
    """A signer's stamp in an embedded OpenType font (Vietnamese text: a subset is embedded)."""
    return stamp.TextStampStyle(
        stamp_text='Ký bởi: %(signer)s\nThời gian: %(ts)s',
        text_box_style=text.TextBoxStyle(font=GlyphAccumulatorFactory(FONT)),
    )


def seal_style(png_path: str) -> stamp.TextStampStyle:
    """The agency seal: a PNG image (Decree 30 Appendix I: the seal image over the signature)."""
    return stamp.TextStampStyle(stamp_text='%(signer)s', background=images.PdfImage(png_path), background_opacity=1.0)


class CorpusClock:
    """The time pyHanko sees: every write of the corpus happens a few minutes after the previous
    one (real signers and clerks are minutes apart), starting hours before generation. So each
    revision really updates /Info ModDate and the XMP dates, whatever the machine's speed, and
    the corpus does not depend on two writes falling in the same second."""

    def __init__(self) -> None:
        self.at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=6)
        self.fixed: dt.datetime | None = None

    def now(self) -> dt.datetime:
        return self.fixed or self.at

    def tick(self) -> None:
        self.at += dt.timedelta(minutes=3)


CLOCK = CorpusClock()
_PATCHED = False


def install_clock() -> None:
    """Point the modules of pyHanko that read the time (signing time, /M, /Info, XMP, the dummy
    TSA's genTime) at CLOCK."""
    global _PATCHED
    if _PATCHED:
        return
    import pyhanko.pdf_utils.metadata.info as info_mod
    import pyhanko.pdf_utils.metadata.xmp_xml as xmp_mod
    import pyhanko.sign.signers.pdf_cms as cms_mod
    import pyhanko.sign.signers.pdf_signer as signer_mod
    import pyhanko.sign.timestamps.dummy_client as ts_mod

    class Clocked(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            at = CLOCK.now()
            return at.astimezone(tz) if tz else at.replace(tzinfo=None)

    for m in (info_mod, xmp_mod, cms_mod, signer_mod, ts_mod):
        m.datetime = Clocked
    _PATCHED = True


@contextlib.contextmanager
def frozen_clock(at: dt.datetime):
    """A signature made at `at`: the expired-signer case needs one made while the certificate
    was valid, as a real one would have been."""
    install_clock()
    saved, CLOCK.fixed = CLOCK.fixed, at
    try:
        yield
    finally:
        CLOCK.fixed = saved


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    """Every incremental update starts here: a few minutes later than the last one."""
    install_clock()
    CLOCK.tick()
    return IncrementalPdfFileWriter(BytesIO(pdf))


def sign(pdf: bytes, pki: Pki, who: Party, field: str, *, box=None, style=None, ts=None, certify: MDPPerm | None = None,
         lock: list[str] | None = None, ltv=False, lta=False, reason='Phe duyet', existing=False,
         ignore_docmdp=False) -> bytes:
    """One signature in an incremental update. `existing`: fill a field prepared earlier.
    `ignore_docmdp`: sign even where a certification signature forbids it (pyHanko refuses; a
    careless tool does not), to make the file a validator must reject."""
    w = _writer(pdf)
    meta = signers.PdfSignatureMetadata(
        field_name=field, md_algorithm='sha256', subfilter=SigSeedSubFilter.PADES, reason=reason, location='Long An',
        certify=certify is not None, docmdp_permissions=certify or MDPPerm.FILL_FORMS,
        embed_validation_info=ltv or lta, use_pades_lta=lta,
        validation_context=validation_context(pki) if (ltv or lta) else None)
    spec = None
    if not existing:
        spec = SigFieldSpec(field, on_page=0, box=box,
                            field_mdp_spec=FieldMDPSpec(FieldMDPAction.INCLUDE, lock) if lock else None)
    out = BytesIO()
    ps = signers.PdfSigner(meta, simple_signer(pki, who), timestamper=ts, stamp_style=style, new_field_spec=spec)
    if ignore_docmdp:
        ps._enforce_certification_constraints = lambda reader: None
    ps.sign_pdf(w, output=out, existing_fields_only=existing)
    return out.getvalue()


def prepare_fields(pdf: bytes, names_boxes: list[tuple[str, tuple]]) -> bytes:
    """Empty signature fields created in their own revision (the next signers fill them)."""
    w = _writer(pdf)
    for name, box in names_boxes:
        fields.append_signature_field(w, SigFieldSpec(name, on_page=0, box=box))
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def doc_timestamp(pdf: bytes, pki: Pki, ltv=False) -> bytes:
    w = _writer(pdf)
    out = BytesIO()
    signers.PdfTimeStamper(timestamper(pki)).timestamp_pdf(
        w, 'sha256', validation_context=validation_context(pki) if ltv else None, output=out)
    return out.getvalue()


def _last_contents(pdf: bytes) -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader
    return PdfFileReader(BytesIO(pdf)).embedded_signatures[-1].pkcs7_content


def dss_pyhanko(pdf: bytes, pki: Pki) -> bytes:
    """pyHanko's DocumentSecurityStore.add_dss: /DSS an indirect dictionary holding direct
    /Certs /CRLs /OCSPs arrays of streams and a direct /VRI with an entry for the last signature."""
    install_clock()
    CLOCK.tick()
    out = BytesIO(pdf)
    DocumentSecurityStore.add_dss(
        out, _last_contents(pdf), certs=[pki.inter.a_cert, pki.root.a_cert],
        crls=[_crl(b) for b in pki.crls.values()], ocsps=[_ocsp(b) for b in pki.ocsps.values()])
    return out.getvalue()


def _crl(b: bytes):
    from asn1crypto import crl
    return crl.CertificateList.load(b)


def _ocsp(b: bytes):
    from asn1crypto import ocsp
    return ocsp.OCSPResponse.load(b)


def dss_direct(pdf: bytes, pki: Pki) -> bytes:
    """/DSS written directly into the catalog with direct arrays (another tool's layout)."""
    w = _writer(pdf)
    mk = lambda items: generic.ArrayObject(w.add_object(_stream(b)) for b in items)  # noqa: E731
    w.root[pdf_name('/DSS')] = generic.DictionaryObject({
        pdf_name('/Certs'): mk([pki.inter.der, pki.root.der]), pdf_name('/CRLs'): mk(list(pki.crls.values())),
        pdf_name('/OCSPs'): mk(list(pki.ocsps.values()))})
    w.update_root()
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def dss_indirect_arrays(pdf: bytes, pki: Pki) -> bytes:
    """/DSS through indirect objects all the way (ETSI EN 319 142-1 §5.4.2 allows either): an
    indirect /DSS whose /Certs, /CRLs, /OCSPs are indirect arrays, an indirect /VRI whose entry
    (the upper-case SHA-1 of the last signature's /Contents) is an indirect dictionary with
    indirect arrays and a /TU time."""
    import hashlib
    w = _writer(pdf)
    mk = lambda items: w.add_object(generic.ArrayObject(w.add_object(_stream(b)) for b in items))  # noqa: E731
    key = hashlib.sha1(_last_contents(pdf)).hexdigest().upper()
    vri_entry = w.add_object(generic.DictionaryObject({
        pdf_name('/Cert'): mk([pki.inter.der]), pdf_name('/CRL'): mk(list(pki.crls.values())),
        pdf_name('/OCSP'): mk([pki.ocsps['signer']]), pdf_name('/TU'): generic.pdf_date(CLOCK.now())}))
    w.root[pdf_name('/DSS')] = w.add_object(generic.DictionaryObject({
        pdf_name('/Certs'): mk([pki.inter.der, pki.root.der]), pdf_name('/CRLs'): mk(list(pki.crls.values())),
        pdf_name('/OCSPs'): mk(list(pki.ocsps.values())),
        pdf_name('/VRI'): w.add_object(generic.DictionaryObject({pdf_name('/' + key): vri_entry}))}))
    w.update_root()
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def _page_ref(w, n=0):
    return w.root['/Pages']['/Kids'].raw_get(n)


def add_annotation(pdf: bytes) -> bytes:
    """A sticky note (/Text annotation) on page 1, as a reader's comment tool adds it."""
    w = _writer(pdf)
    page_ref = _page_ref(w)
    annot = w.add_object(generic.DictionaryObject({
        pdf_name('/Type'): pdf_name('/Annot'), pdf_name('/Subtype'): pdf_name('/Text'),
        pdf_name('/Rect'): generic.ArrayObject(map(generic.NumberObject, [500, 780, 520, 800])),
        pdf_name('/Contents'): generic.TextStringObject('Đã xem, chuyển phòng Văn xã'), pdf_name('/F'): generic.NumberObject(4),
        pdf_name('/P'): page_ref, pdf_name('/M'): generic.pdf_date(dt.datetime.now(dt.timezone.utc))}))
    w.register_annotation(page_ref, annot)
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def add_page(pdf: bytes) -> bytes:
    w = _writer(pdf)
    font = _page_ref(w).get_object()['/Resources']['/Font'].raw_get('/F1')
    contents = w.add_object(_stream(b'BT /F1 13 Tf 60 780 Td (Phu luc them sau khi ky) Tj ET\n'))
    res = generic.DictionaryObject({pdf_name('/Font'): generic.DictionaryObject({pdf_name('/F1'): font})})
    w.insert_page(PageObject(contents, (0, 0, 595, 842), res))
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def change_content(pdf: bytes) -> bytes:
    """Page 1's /Contents replaced by a stream with another number: the forgery everyone fears."""
    w = _writer(pdf)
    page_ref = _page_ref(w)
    page = page_ref.get_object()
    page[pdf_name('/Contents')] = w.add_object(_stream(b'BT /F1 13 Tf 60 780 Td (So: 99/UBND-VX) Tj ET\n'))
    w.mark_update(page_ref)
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def add_overlay(pdf: bytes) -> bytes:
    """An unsigned signature field whose widget covers page 1 with an opaque appearance showing
    other text: a reader would show the new text over the signed page (the overlay attack)."""
    w = _writer(pdf)
    page_ref = _page_ref(w)
    font = page_ref.get_object()['/Resources']['/Font'].raw_get('/F1')
    ap = w.add_object(_stream(
        b'1 g 0 0 595 842 re f 0 g BT /F1 13 Tf 60 780 Td (So: 99/UBND-VX  Noi dung khac) Tj ET\n',
        **{'/Type': pdf_name('/XObject'), '/Subtype': pdf_name('/Form'),
           '/BBox': generic.ArrayObject(map(generic.NumberObject, [0, 0, 595, 842])),
           '/Resources': generic.DictionaryObject({pdf_name('/Font'): generic.DictionaryObject({pdf_name('/F1'): font})})}))
    field = w.add_object(generic.DictionaryObject({
        pdf_name('/FT'): pdf_name('/Sig'), pdf_name('/T'): generic.TextStringObject('Overlay'),
        pdf_name('/Type'): pdf_name('/Annot'), pdf_name('/Subtype'): pdf_name('/Widget'),
        pdf_name('/Rect'): generic.ArrayObject(map(generic.NumberObject, [0, 0, 595, 842])),
        pdf_name('/F'): generic.NumberObject(4), pdf_name('/P'): page_ref,
        pdf_name('/AP'): generic.DictionaryObject({pdf_name('/N'): ap})}))
    form = w.root['/AcroForm']
    form['/Fields'].append(field)
    w.update_container(form['/Fields'])
    w.register_annotation(page_ref, field)
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def fill_field(pdf: bytes, name: str, value: str) -> bytes:
    """Form filling: a text field gets /V and a new normal appearance (ISO 32000-2 §12.7.4.3)."""
    w = _writer(pdf)
    for ref in w.root['/AcroForm']['/Fields']:
        f = ref.get_object()
        if f.get('/T') != name:
            continue
        helv = w.root['/AcroForm']['/DR']['/Font'].raw_get('/Helv')
        ap = w.add_object(_stream(
            f'/Tx BMC BT /Helv 10 Tf 0 g 2 6 Td ({value}) Tj ET EMC\n'.encode('latin-1'),
            **{'/Type': pdf_name('/XObject'), '/Subtype': pdf_name('/Form'),
               '/BBox': generic.ArrayObject(map(generic.NumberObject, [0, 0, 200, 20])),
               '/Resources': generic.DictionaryObject({pdf_name('/Font'): generic.DictionaryObject({pdf_name('/Helv'): helv})})}))
        f[pdf_name('/V')] = generic.TextStringObject(value)
        f[pdf_name('/AP')] = generic.DictionaryObject({pdf_name('/N'): ap})
        w.mark_update(ref)
        break
    else:
        raise ValueError(f'no field {name}')
    out = BytesIO()
    w.write(out)
    return out.getvalue()
