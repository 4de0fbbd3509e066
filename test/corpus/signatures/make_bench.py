"""The bench file of `npm run bench:verify` (bench/verify.ts): a 50 MB PDF (an incompressible
image stream, like a scan) signed three times with pyHanko (signer with a signature time-stamp,
deputy, agency seal), then /DSS (add_dss) and a document time-stamp: what a PAdES B-LTA
document with two signatures and a seal looks like.

Usage: python make_bench.py OUT_DIR [MB]   → OUT_DIR/signed-3sig-dss-ts.pdf and OUT_DIR/trust/
"""
from __future__ import annotations

import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corpus as mc  # noqa: E402
import pdfops as ops  # noqa: E402
from pki import make_pki  # noqa: E402


def main() -> None:
    logging.disable(logging.CRITICAL)  # fontTools' subsetting notes
    out = os.path.abspath(sys.argv[1])
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else 50
    os.makedirs(os.path.join(out, 'pki'), exist_ok=True)
    pki = make_pki()
    mc.write_pki(out, pki)
    pdf = ops.base_pdf(payload=int(mb * 1024 * 1024))
    pdf = ops.sign(pdf, pki, pki.signer, 'Signer', box=mc.BOX1, style=ops.text_style(), ts=ops.timestamper(pki))
    pdf = ops.sign(pdf, pki, pki.signer, 'Deputy', box=mc.BOX3, style=ops.text_style())
    pdf = ops.sign(pdf, pki, pki.seal, 'Seal', box=mc.BOX2, style=ops.seal_style(mc.seal_png(os.path.join(out, 'pki', 'seal.png'))))
    pdf = ops.doc_timestamp(ops.dss_pyhanko(pdf, pki), pki)
    trust = os.path.join(out, 'trust')
    os.makedirs(os.path.join(trust, 'crls'), exist_ok=True)
    with open(os.path.join(trust, 'root.pem'), 'wb') as f:
        f.write(pki.root.pem)
    for k, v in pki.crls.items():
        with open(os.path.join(trust, 'crls', f'{k}.crl'), 'wb') as f:
            f.write(v)
    path = os.path.join(out, 'signed-3sig-dss-ts.pdf')
    with open(path, 'wb') as f:
        f.write(pdf)
    print(path)


if __name__ == '__main__':
    main()
