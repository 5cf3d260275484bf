"""PDF signatures, without Django: PAdES signing and verification laid out as Nghị định 30 asks.

- ``signing``: the three signatures — the leader's, the organization's seal over it, and the
  organization's signature on attachments and copies: where each goes and what it shows;
- ``pades``: adding a PAdES B-B/B-T/B-LT signature to PDF bytes with a pyHanko signer;
- ``external``: two-phase signing with a key the server never holds (USB token agent);
- ``appearance``, ``signing_block``: placements and looks; finding the signer's title and name;
- ``verify``, ``report``: checking every signature of a file, the result in Vietnamese;
- ``samples``: a realistic Nghị định 30 decision, for tests and benchmarks.

Everything works on bytes and takes its settings as arguments (a ``SigningPolicy``, trust roots, a
revocation ``Fetch``): the Django side (:mod:`signatures.conf`, :mod:`signatures.services`) builds
them from the configuration and the trust store. Certificates and keys come from
:mod:`signatures.pki`.
"""
