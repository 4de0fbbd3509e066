"""Corpus files from two more signing tools, for variety of writers:

- @signpdf 3.3 (Node; the project's devDependency; signpdf.mjs): its plain placeholder writes the
  field, widget and /AcroForm in an incremental update of its own making (xref tables only).
- endesive 2.19 (PyPI, pure Python on pyca/cryptography, its own fork of PyPDF2's writer): chosen
  because it is widely used for Python PDF signing and writes its updates differently from pyHanko
  (a full new /AcroForm and page object, its own appearance streams), and it installs from PyPI
  with the rest (poppler's pdfsig -add-signature would need an NSS database and certutil).
"""
from __future__ import annotations

import datetime as dt
import os
from io import BytesIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

import pdfops as ops

P = 'PASSED'
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))


def _p12(out: str, pki, who) -> str:
    """A PKCS#12 node-forge can open (PBE-SHA1-3DES, SHA-1 MAC: what forge implements)."""
    enc = (PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)
           .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1()).build(b'vanthu'))
    path = os.path.join(out, 'pki', f'{who.name}.p12')
    with open(path, 'wb') as f:
        f.write(pkcs12.serialize_key_and_certificates(b'signer', who.key, who.cert, [pki.inter.cert], enc))
    return path


def signpdf(out: str, pki, pdf: bytes, who, name: str, subprocess) -> bytes:
    src, dst = os.path.join(out, '.signpdf-in.pdf'), os.path.join(out, '.signpdf-out.pdf')
    with open(src, 'wb') as f:
        f.write(pdf)
    r = subprocess.run(['node', os.path.join(HERE, 'signpdf.mjs'), src, dst, _p12(out, pki, who), 'vanthu', name],
                       cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f'signpdf.mjs failed: {r.stderr[-2000:]}')
    with open(dst, 'rb') as f:
        data = f.read()
    os.remove(src)
    os.remove(dst)
    return data


def endesive_sign(pdf: bytes, pki, who, field: str, box) -> bytes:
    from endesive.pdf import cms
    when = dt.datetime.now(dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
    udct = {'aligned': 8192, 'sigflags': 3, 'sigflagsft': 132, 'sigpage': 0, 'sigbutton': True, 'sigfield': field,
            'auto_sigfield': True, 'sigandcertify': False, 'signaturebox': box, 'signature': f'Ky boi {field}',
            'contact': 'vanthu@longan.gov.vn', 'location': 'Long An', 'signingdate': when, 'reason': 'Phe duyet'}
    return pdf + cms.sign(pdf, udct, who.key, who.cert, [pki.inter.cert], 'sha256')


def build(out: str, pki, only, subprocess) -> dict[str, dict]:
    base = ops.base_pdf(xref_stream=False, xmp=False)
    cases: dict[str, dict] = {}

    def case(name, tool, description, labels, make):
        if only and name not in only:
            return
        cases[name] = {'description': description, 'labels': labels, 'pdf': make(), 'tool': tool}

    seal = lambda pdf: ops.sign(pdf, pki, pki.seal, 'Seal', box=(330, 80, 530, 150), style=ops.text_style())  # noqa: E731
    case('signpdf-single', '@signpdf 3.3', 'one signature by @signpdf (plain placeholder, P12 signer)',
         {'Signature1': P}, lambda: signpdf(out, pki, base, pki.signer, 'Nguyen Van A', subprocess))
    case('signpdf-then-pyhanko', '@signpdf 3.3 + pyHanko 0.38.0', '@signpdf signs, then pyHanko adds the agency seal',
         {'Signature1': P, 'Seal': P}, lambda: seal(signpdf(out, pki, base, pki.signer, 'Nguyen Van A', subprocess)))
    # Not pyHanko-then-@signpdf: placeholder-plain 3.3 rewrites the /AcroForm of a pyHanko-signed
    # file with a broken /Fields array ('[EO 0 R 18 0 R]'), a file no reader can use.
    case('signpdf-twice', '@signpdf 3.3', '@signpdf signs, then signs again (its second field Signature2)',
         {'Signature1': P, 'Signature2': P},
         lambda: signpdf(out, pki, signpdf(out, pki, base, pki.signer, 'Nguyen Van A', subprocess), pki.signer,
                         'Nguyen Van A', subprocess))
    # endesive signs with RSA keys only here: with an EC key it writes signatureAlgorithm
    # rsaEncryption over an ECDSA value (endesive 2.19.3), which pyHanko cannot validate.
    case('endesive-two', 'endesive 2.19.3', 'endesive signs twice (two RSA signers), visible fields',
         {'Signer': P, 'Approver': P},
         lambda: endesive_sign(endesive_sign(base, pki, pki.signer, 'Signer', (60, 80, 260, 150)), pki, pki.signer,
                               'Approver', (330, 80, 530, 150)))
    case('pyhanko-then-endesive', 'pyHanko 0.38.0 + endesive 2.19.3', 'pyHanko signs (ECDSA seal), then endesive signs (RSA)',
         {'Seal': P, 'Approver': P},
         lambda: endesive_sign(ops.sign(base, pki, pki.seal, 'Seal', box=(330, 80, 530, 150), style=ops.text_style()),
                               pki, pki.signer, 'Approver', (60, 80, 260, 150)))
    case('endesive-then-pyhanko', 'endesive 2.19.3 + pyHanko 0.38.0', 'endesive signs, then pyHanko adds the seal',
         {'Signer': P, 'Seal': P},
         lambda: seal(endesive_sign(base, pki, pki.signer, 'Signer', (60, 80, 260, 150))))
    return cases
