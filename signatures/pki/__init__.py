"""Certificates and keys, without Django and without PDF: the certificate authority this system
hosts, and what relying parties need to check certificates.

- ``issuing``: credentials (key, certificate, chain) and a small CA that issues them (root, issuing
  CA, people, organizations, the timestamp authority, the OCSP responder);
- ``hosted``: that CA on disk (QLVB_PKI_DIR) — what ``pki_init`` writes, what the app publishes its
  CRLs and OCSP answers from, what the timestamp server (``python -m signatures.tsa``) signs with;
- ``revocation``: the CA's side of revocation (revoked lists, CRLs, OCSP answers); ``revinfo``: the
  relying party's side (fetching CRLs and OCSP answers, validation contexts);
- ``certificates``: reading certificate files, describing certificates, checking chains;
- ``pkcs12``: server-held key stores; ``keys``: signer backends (PKCS#12, PKCS#11 tokens);
  ``pkcs11_provision``: putting a key on a (SoftHSM) token;
- ``tsa``: the RFC 3161 timestamp authority and its clients;
- ``images``: the signature and seal pictures drawn for demo holders along with their keys.

Imports point one way: :mod:`signatures.pdf` builds on this package, never the reverse. Of the rest
of the app both use only the pure modules ``signatures.pki.errors``, ``signatures.clock`` and
``signatures.fonts`` (import-linter contracts in pyproject.toml).
"""
