"""Reads of key custody: the key and the signature or seal image of a person or an organization."""

from signatures.models import SignatureImage, SigningKey


def signing_key_get(
    *, user=None, organization=None, custodies: tuple[str, ...] = ()
) -> SigningKey | None:
    """The newest active key of a person or an organization, of one of ``custodies`` if given."""
    qs = SigningKey.objects.filter(is_active=True).select_related("certificate")
    qs = qs.filter(user=user) if user is not None else qs.filter(organization=organization)
    if custodies:
        qs = qs.filter(custody__in=custodies)
    return qs.order_by("-created_at", "-id").first()


def signature_image_get(*, user=None, organization=None) -> SignatureImage | None:
    if user is not None:
        return SignatureImage.objects.filter(user=user, kind=SignatureImage.Kind.SIGNATURE).first()
    return SignatureImage.objects.filter(organization=organization, kind=SignatureImage.Kind.SEAL).first()
