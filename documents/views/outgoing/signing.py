"""The leader signs: with the key the server holds (PIN, and TOTP when the route asks for it), or
with a key on their own device (prepare → the signing agent signs the digest → complete)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from documents.forms.outgoing import ExternalCompleteForm, ExternalPrepareForm, SendBackForm, SignForm
from documents.selectors.documents import document_main_file
from documents.selectors.outgoing import outgoing_get, signing_keys_of
from documents.services.outgoing.external import outgoing_external_complete, outgoing_external_prepare
from documents.services.outgoing.issuing import outgoing_sign
from documents.services.outgoing.placement import placement_at
from documents.services.outgoing.review import outgoing_send_back, route_for
from documents.views.common import run_service
from documents.views.outgoing.pages import page_context
from qlvb.access import delegators_of, has_role
from qlvb.errors import Forbidden, Refused
from qlvb.models import Role
from qlvb.models.delegation import DelegationScope
from signatures.models import ExternalSigningSession

AGENT = "python -m signatures.external_signer"


def _forms(request, document, data=None):
    delegators = list(delegators_of(request.user, scope=DelegationScope.SIGNING, organization=document.organization_id))
    totp = route_for(document.organization).require_second_factor
    own = has_role(request.user, document.organization_id, Role.LEADER)
    return (SignForm(data, delegators=delegators, require_totp=totp, signs_own=own),
            ExternalPrepareForm(data, prefix="ext", delegators=delegators, require_totp=totp, signs_own=own))


def _render(request, document, sign_form, external_form, status=200, send_back_form=None):
    held, external = signing_keys_of(request.user)
    # A number already given to a signature waiting on a device is kept for that device.
    reserved = document.state == document.State.APPROVED and bool(document.register_number)
    context = page_context(request, document, sign_form=sign_form, external_form=external_form,
                           held_key=held and not reserved, external_key=external, reserved=reserved,
                           send_back_form=send_back_form or SendBackForm(delegators=delegators_of(
                               request.user, scope=DelegationScope.SIGNING, organization=document.organization_id)))
    return render(request, "documents/outgoing/sign.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    sign_form, _ = _forms(request, document, request.POST or None)
    if request.method == "POST" and sign_form.is_valid():
        d = sign_form.cleaned_data
        choice = sign_form.placement_choice()

        def sign_it():
            # The chosen spot is read from the content as it is now; numbering keeps its pages.
            placement = placement_at(document_main_file(document), **choice) if choice else None
            return outgoing_sign(actor=request.user, document=document, pin=d["pin"],
                                 on_behalf_of=d.get("on_behalf_of"), totp_code=d.get("totp_code"),
                                 placement=placement)

        signed = run_service(request, sign_it)
        if signed:
            messages.success(request, f"Đã ký ban hành văn bản số {signed.symbol}.")
            return redirect("outgoing:detail", pk=pk)
    return _render(request, document, sign_form, _forms(request, document)[1])


@login_required
@require_POST
def external_prepare(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    _, external_form = _forms(request, document, request.POST)
    if external_form.is_valid():
        d = external_form.cleaned_data
        session = run_service(request, lambda: outgoing_external_prepare(
            actor=request.user, document=document, on_behalf_of=d.get("on_behalf_of"), totp_code=d.get("totp_code")))
        if session:
            return redirect("outgoing:external", pk=pk, session_id=session.pk)
    sign_form, _ = _forms(request, document)
    return _render(request, document, sign_form, external_form)


@login_required
@require_http_methods(["GET", "POST"])
def external_complete(request, pk: int, session_id):
    document = outgoing_get(user=request.user, pk=pk)
    session = (ExternalSigningSession.objects.filter(pk=session_id, user=request.user, source_file__document=document)
               .select_related("signing_key__certificate").first())
    if session is None:
        raise Http404("no such signing session")
    form = ExternalCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signed = run_service(request, lambda: outgoing_external_complete(
            actor=request.user, document=document, session_id=session.pk, signature_b64=form.cleaned_data["signature"]))
        if signed:
            messages.success(request, f"Đã ký ban hành văn bản số {signed.symbol}.")
            return redirect("outgoing:detail", pk=pk)
    context = page_context(request, document, session=session, form=form, agent=AGENT)
    return render(request, "documents/outgoing/external.html", context)


@login_required
@require_POST
def send_back(request, pk: int):
    """Trả lại: the leader (or a signing delegate) sends the draft back to its author with the reason."""
    document = outgoing_get(user=request.user, pk=pk)
    delegators = list(delegators_of(request.user, scope=DelegationScope.SIGNING, organization=document.organization_id))
    form = SendBackForm(request.POST, delegators=delegators)
    if form.is_valid():
        on_behalf_of = form.cleaned_data.get("on_behalf_of")
        try:
            outgoing_send_back(actor=request.user, document=document, reason=form.cleaned_data["reason"],
                               on_behalf_of=on_behalf_of)
        except Forbidden as exc:
            raise PermissionDenied(exc.text()) from exc
        except Refused as exc:
            messages.error(request, exc.text())
        else:
            messages.success(request, "Đã trả lại dự thảo cho người soạn thảo.")
            return redirect("outgoing:detail", pk=pk)
    sign_form, external_form = _forms(request, document)
    return _render(request, document, sign_form, external_form, status=400, send_back_form=form)
