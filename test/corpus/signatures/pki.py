"""A local test PKI for the signature corpus, made with pyca/cryptography at generation time.

root CA (RSA) -> intermediate CA (RSA) -> signers: an RSA person, an ECDSA P-256 agency seal,
an RSA signer whose certificate expired a year ago, and a TSA (extendedKeyUsage timeStamping,
critical, RFC 3161 §2.3). CRLs of the root and the intermediate (current, empty) and OCSP
responses (RFC 6960, signed by the intermediate itself: a CA-designated responder is the issuer)
for every end-entity certificate. Nothing is committed; keys are new on each generation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from asn1crypto import keys as asn1_keys, x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DER = serialization.Encoding.DER
BASE_URL = 'http://pki.vanthu.test'


@dataclass
class Party:
    name: str
    cert: x509.Certificate
    key: object
    issuer: 'Party | None' = None

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def a_cert(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.der)

    @property
    def a_key(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(
            self.key.private_bytes(DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )


@dataclass
class Pki:
    now: dt.datetime
    root: Party
    inter: Party
    signer: Party
    seal: Party
    expired: Party
    tsa: Party
    crls: dict[str, bytes] = field(default_factory=dict)
    ocsps: dict[str, bytes] = field(default_factory=dict)


def _name(cn: str, org: str = 'Vanthu Test PKI') -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, 'VN'),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def _cert(cn, key, issuer: Party | None, *, ca: bool, not_before, not_after, org='Vanthu Test PKI',
          eku=None, crl='inter') -> x509.Certificate:
    subject = _name(cn, org)
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        ku = dict(digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
                  key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False)
    else:
        ku = dict(digital_signature=True, content_commitment=eku is None, key_encipherment=False, data_encipherment=False,
                  key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)
    b = b.add_extension(x509.KeyUsage(**ku), critical=True)
    if issuer:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
        # RFC 5280 §4.2.1.13: where the issuer publishes its CRL (served by nobody: the tests
        # hand the CRLs over; a validator that fetches would find no server).
        b = b.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(f'{BASE_URL}/{crl}.crl')], relative_name=None, reasons=None,
            crl_issuer=None)]), critical=False)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return b.sign(issuer.key if issuer else key, hashes.SHA256())


def _rsa():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_pki(now: dt.datetime | None = None) -> Pki:
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    y = dt.timedelta(days=365)
    rk, ik = _rsa(), _rsa()
    root = Party('root', _cert('Vanthu Test Root CA', rk, None, ca=True, not_before=now - 10 * y, not_after=now + 20 * y), rk)
    inter = Party('inter', _cert('Vanthu Test Issuing CA', ik, root, ca=True, not_before=now - 9 * y, not_after=now + 10 * y,
                                 crl='root'), ik, root)
    sk, ek, xk, tk = _rsa(), ec.generate_private_key(ec.SECP256R1()), _rsa(), _rsa()
    signer = Party('signer', _cert('Nguyen Van A', sk, inter, ca=False, not_before=now - y, not_after=now + 2 * y,
                                   org='UBND tinh Long An'), sk, inter)
    seal = Party('seal', _cert('UBND tinh Long An', ek, inter, ca=False, not_before=now - y, not_after=now + 2 * y,
                               org='UBND tinh Long An'), ek, inter)
    # Valid from three years ago until one year ago: expired now (EN 319 102-1 §5.6.2.1 needs a
    # proof of existence before notAfter for it to pass).
    expired = Party('expired', _cert('Tran Thi B', xk, inter, ca=False, not_before=now - 3 * y, not_after=now - y,
                                     org='So Noi vu tinh Long An'), xk, inter)
    tsa = Party('tsa', _cert('Vanthu Test TSA', tk, inter, ca=False, not_before=now - 5 * y, not_after=now + 5 * y,
                             eku=[ExtendedKeyUsageOID.TIME_STAMPING]), tk, inter)
    pki = Pki(now, root, inter, signer, seal, expired, tsa)
    for issuer in (root, inter):
        crl = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.cert.subject)
            .last_update(now - dt.timedelta(days=2))
            .next_update(now + dt.timedelta(days=60))
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
            .sign(issuer.key, hashes.SHA256())
        )
        pki.crls[issuer.name] = crl.public_bytes(DER)
    for p in (signer, seal, expired, tsa):
        resp = (
            ocsp.OCSPResponseBuilder()
            .add_response(cert=p.cert, issuer=inter.cert, algorithm=hashes.SHA1(), cert_status=ocsp.OCSPCertStatus.GOOD,
                          this_update=now - dt.timedelta(days=2), next_update=now + dt.timedelta(days=60),
                          revocation_time=None, revocation_reason=None)
            .responder_id(ocsp.OCSPResponderEncoding.HASH, inter.cert)
            .sign(inter.key, hashes.SHA256())
        )
        pki.ocsps[p.name] = resp.public_bytes(DER)
    return pki
