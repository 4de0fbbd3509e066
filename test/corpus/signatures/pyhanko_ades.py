"""pyHanko's AdES validator (ETSI EN 319 102-1 §5.6.3, ades_lta_validation) on a corpus
signature, recorded in expected.json beside the classic validator's verdict. It validates at the
best proof of existence (time-stamps), so it shows what pyHanko says about an expired signer
with a time-stamp; as an LTA check it reports INDETERMINATE for signatures without LTA material,
so it is information, not the compared verdict."""
from __future__ import annotations

import asyncio

from asn1crypto import crl, ocsp
from pyhanko.sign.validation import ades
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge, PdfSignatureValidationSpec, RevinfoOnlineFetchingRule, RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule
from pyhanko_certvalidator.registry import SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import CRLContainer, OCSPContainer


def spec(pki) -> PdfSignatureValidationSpec:
    rule = RevocationCheckingRule.CRL_OR_OCSP_REQUIRED
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=[pki.root.a_cert]),
        revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy(ee_certificate_rule=rule, intermediate_ca_cert_rule=rule)))
    return PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=policy,
        revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY),
        local_knowledge=LocalKnowledge(
            known_certs=[pki.inter.a_cert, pki.tsa.a_cert],
            known_crls=[CRLContainer(crl.CertificateList.load(b)) for b in pki.crls.values()],
            known_ocsps=[OCSPContainer(ocsp.OCSPResponse.load(b)) for b in pki.ocsps.values()])))


def ades_lta(es, pki) -> dict:
    try:
        res = asyncio.run(ades.ades_lta_validation(es, spec(pki)))
    except Exception as e:  # noqa: BLE001
        return {'error': f'{type(e).__name__}: {e}'}
    st = res.api_status
    return {'indication': str(res.ades_subindic), 'summary': st.summary() if st else None,
            'trusted': getattr(st, 'trusted', None) if st else None}
