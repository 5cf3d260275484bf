"""Put the seed story in the demo data, so a newcomer can click through it after `make run`.

    python manage.py seed_story

Văn phòng Chính phủ drafts 807/VPCP-KSTT, its checks pass, Mai Tiến Dũng signs, the clerk seals
it and dispatches it: to UBND tỉnh Bắc Kạn over the local axis, to BTTTT directly (the same axis
center), to VNPT on paper. Bắc Kạn receives it, registers it (03), its leader instructs Phòng Văn
xã - Nội vụ (04), whose head gives it to the specialist; she drafts 814/UBND-VXNV answering it, the
checks pass, and the draft waits for the Phó Chủ tịch's signature — the step left for the newcomer.

Everything goes through the services, as people would do it. Idempotent: each run continues from
where the story stands and changes nothing once it is told. Needs `seed_demo` (run if missing),
the demo keys (`pki_init`, run if missing), the axis connections (made as `demo_axis` makes them)
and, for the duration of the command, the timestamp authority and the local axis: each is started
here if it does not answer.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from documents.literals import Direction
from documents.models import Assignment, Document, DocumentType, Register, ReviewStep
from documents.services.incoming.handling import Holder, assignment_redistribute, incoming_instruct
from documents.services.incoming.registration import incoming_register
from documents.services.numbering import register_for
from documents.services.outgoing.drafting import outgoing_draft_create
from documents.services.outgoing.issuing import outgoing_dispatch, outgoing_seal, outgoing_sign
from documents.services.outgoing.review import outgoing_submit, review_decide
from interchange.models import AxisConnection, Outbound
from interchange.services.inbox import inbox_poll
from interchange.services.outbox import outbound_send
from qlvb.demo.commands.demo_axis import demo_systems_connect
from qlvb.demo.story import BACKAN_814, INSTRUCTION, INSTRUCTION_UNIT, VPCP_807, StoryLetter
from qlvb.models import Organization, Unit, User
from signatures import conf
from signatures.models import SigningKey
from signatures.pki import tsa
from signatures.pki.hosted import load_demo_pki

State = Document.State


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 80), timeout=1):
            return True
    except OSError:
        return False


def _local(url: str) -> bool:
    return urlsplit(url).hostname in {"127.0.0.1", "localhost"}


def next_step(answer: Document, pin_path) -> str:
    """What the newcomer does next with the answer 814, said from where it is now: a rerun after the
    newcomer signed it must not ask them to sign it again."""
    state, symbol = answer.state, answer.symbol or "the answer"
    if state == Document.State.APPROVED:
        return (f"the answer to it waits for the signature — log in as {BACKAN_814.leader} to sign it "
                f"(PIN in {pin_path(BACKAN_814.leader)}).")
    if state == Document.State.SIGNED:
        return (f"the answer {symbol} is signed — log in as {BACKAN_814.clerk} to seal it (the organization's PIN "
                f"in {pin_path(BACKAN_814.organ_id)}) and dispatch it.")
    if state == Document.State.ISSUED:
        return f"the answer {symbol} is signed and sealed — log in as {BACKAN_814.clerk} to dispatch it."
    if state == Document.State.DISPATCHED:
        return f"the answer {symbol} has been dispatched: the story is complete; follow it under “Văn bản đi”."
    return f"the answer to it is “{answer.get_state_display()}” — see “Việc của tôi” of the people it waits for."


class Command(BaseCommand):
    help = "Load the seed story (807/VPCP-KSTT and the answer 814/UBND-VXNV) into the demo data (idempotent)."

    def handle(self, *args, **options):
        call_command("seed_demo", stdout=self.stdout)
        self._ensure_keys()
        self._ensure_axis_connections()
        with ExitStack() as stack:
            stack.enter_context(self._timestamp_authority())
            stack.enter_context(self._local_axis())
            stack.enter_context(override_settings(QLVB_INBOX_FAN_OUT=False))  # take messages in this process
            sent = self._vpcp_807()
            if sent is None:
                return
            arrived = self._exchange(lambda: self._incoming_807(sent))
            if arrived is None:
                raise CommandError("807/VPCP-KSTT did not arrive at UBND tỉnh Bắc Kạn over the local axis.")
            arrived = self._backan_handles(arrived)
            answer = self._backan_814(arrived)
            self._exchange(self._outbox_empty)  # Bắc Kạn's statuses 01, 03, 04 back to VPCP
        self.stdout.write(self.style.SUCCESS(
            f"Seed story ready: {sent.symbol} dispatched; at Bắc Kạn it is {arrived.get_state_display().lower()} "
            f"(số đến {arrived.register_number}); " + next_step(answer, self._pin_path)))

    # --- what the story needs around it ------------------------------------------------------

    def _pin_path(self, name: str):
        return conf.pki_dir() / "demo-keys" / f"{name}.pin"

    def _pin(self, name: str) -> str:
        return self._pin_path(name).read_text().strip()

    def _ensure_keys(self) -> None:
        names = [VPCP_807.leader, BACKAN_814.leader, VPCP_807.organ_id, BACKAN_814.organ_id]
        keys = SigningKey.objects.filter(is_active=True, custody=SigningKey.Custody.SERVER)
        have = set(keys.filter(user__username__in=names).values_list("user__username", flat=True))
        have |= set(keys.filter(organization__organ_id__in=names).values_list("organization__organ_id", flat=True))
        if set(names) - have:
            call_command("pki_init", stdout=self.stdout)
        elif not all(self._pin_path(n).exists() for n in names):
            call_command("pki_init", "--reissue", stdout=self.stdout)

    def _ensure_axis_connections(self) -> None:
        """The two demo axis systems, as `manage.py demo_axis` registers them (without its own sample)."""
        if all(AxisConnection.objects.filter(organizations__organ_id=o, is_active=True).exists()
               for o in (VPCP_807.organ_id, BACKAN_814.organ_id)):
            return
        demo_systems_connect(data=str(settings.VAR_DIR / "axis"), endpoint=settings.QLVB_LOCAL_AXIS_URL)

    @contextmanager
    def _timestamp_authority(self):
        """Signing needs a timestamp: run the demo TSA here if the configured one does not answer."""
        url = conf.tsa_url()
        if _answers(url) or not _local(url):
            yield
            return
        server = tsa.make_server(load_demo_pki(conf.pki_dir()).timestamp_authority(), port=urlsplit(url).port or 80)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.stdout.write(f"timestamp authority: started for this command at {url}")
        try:
            yield
        finally:
            server.shutdown()
            server.server_close()

    @contextmanager
    def _local_axis(self):
        url = settings.QLVB_LOCAL_AXIS_URL
        if _answers(url) or not _local(url):
            yield
            return
        proc = subprocess.Popen([sys.executable, "-m", "interchange.axis", "serve", "--port", str(urlsplit(url).port),
                                 "--data", str(settings.VAR_DIR / "axis")], cwd=settings.BASE_DIR,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.stdout.write(f"local axis: started for this command at {url}")
        try:
            for _ in range(100):
                if _answers(url):
                    break
                time.sleep(0.1)
            yield
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    @staticmethod
    def _outbox_empty():
        return True if not Outbound.objects.filter(state=Outbound.State.QUEUED).exists() else None

    def _exchange(self, arrived, rounds: int = 10):
        """Send what waits in the outbox and take what the axis holds, until `arrived()` is true."""
        for _ in range(rounds):
            for pk in Outbound.objects.filter(state=Outbound.State.QUEUED).values_list("pk", flat=True):
                outbound_send(outbound_id=pk)
            for connection in AxisConnection.objects.filter(is_active=True):
                inbox_poll(connection=connection)
            found = arrived()
            if found is not None:
                return found
            time.sleep(0.2)
        return None

    # --- the story ------------------------------------------------------------------------------

    def _people(self, letter: StoryLetter) -> dict[str, User]:
        return {role: User.objects.get(username=getattr(letter, role))
                for role in ("drafter", "unit_head", "clerk", "leader")}

    def _start_register_at(self, letter: StoryLetter, organization: Organization) -> None:
        """The demo year has already issued letter.number - 1 documents, so the letter gets its number."""
        register = register_for(organization=organization, direction=Direction.OUTGOING,
                                document_type=DocumentType.objects.get(code="cong-van"))
        Register.objects.filter(pk=register.pk, last_number=0).update(last_number=letter.number - 1)

    def _through_route(self, letter: StoryLetter, document: Document, people: dict[str, User]) -> Document:
        """Submit and pass both checks, whichever of these steps are still to do."""
        if document.state in (State.DRAFT, State.RETURNED):
            document = outgoing_submit(actor=people["drafter"], document=document)
        while document.state == State.IN_REVIEW:
            step = document.review_steps.filter(state=ReviewStep.State.PENDING).order_by("round", "order").first()
            reviewer = people["unit_head"] if step.kind == ReviewStep.Kind.CONTENT else people["clerk"]
            review_decide(actor=reviewer, document=document, approve=True,
                          comment="" if step.kind == ReviewStep.Kind.CONTENT else "Đúng thể thức.")
            document.refresh_from_db()
        return document

    def _draft(self, letter: StoryLetter, people, reply_to: Document | None = None) -> Document:
        organization = Organization.objects.get(organ_id=letter.organ_id)
        document = (Document.objects.filter(organization=organization, direction=Direction.OUTGOING,
                                            created_by=people["drafter"], subject=letter.subject)
                    .order_by("pk").first())
        if document is not None:
            return document
        self._start_register_at(letter, organization)
        return outgoing_draft_create(
            actor=people["drafter"], organization=organization, document_type=DocumentType.objects.get(code="cong-van"),
            subject=letter.subject, content=(f"du-thao-{letter.layout.symbol.strip(' /')}.pdf", letter.pdf()),
            recipients=list(Organization.objects.filter(organ_id__in=letter.recipients)),
            paper_recipients=list(letter.paper_recipients), urgency=letter.urgency, reply_to=reply_to,
        )

    def _vpcp_807(self) -> Document | None:
        people = self._people(VPCP_807)
        vpcp = Organization.objects.get(organ_id=VPCP_807.organ_id)
        other = Document.objects.filter(organization=vpcp, symbol="807/VPCP-KSTT", signed_at__isnull=True).first()
        if other is not None:
            self.stderr.write(self.style.WARNING(
                "An unsigned 807/VPCP-KSTT is already in the database (the sample `demo_axis` queues). The seed "
                "story is written for a fresh database: run seed_story before demo_axis (see the Makefile)."))
            return None
        document = self._through_route(VPCP_807, self._draft(VPCP_807, people), people)
        if document.state == State.APPROVED:
            document = outgoing_sign(actor=people["leader"], document=document, pin=self._pin(people["leader"].username))
            self.stdout.write(f"{document.symbol}: signed by {people['leader']}")
        if document.state == State.SIGNED:
            document = outgoing_seal(actor=people["clerk"], document=document, pin=self._pin(VPCP_807.organ_id))
        if document.state == State.ISSUED:
            document = outgoing_dispatch(actor=people["clerk"], document=document)
            self.stdout.write(f"{document.symbol}: dispatched")
        return document

    def _incoming_807(self, sent: Document) -> Document | None:
        return Document.objects.filter(organization__organ_id=BACKAN_814.organ_id, direction=Direction.INCOMING,
                                       issuer=sent.organization, symbol=sent.symbol).first()

    def _backan_handles(self, incoming: Document) -> Document:
        people = self._people(BACKAN_814)
        if incoming.state == State.ARRIVED:
            incoming = incoming_register(actor=people["clerk"], document=incoming)
        if incoming.state in (State.REGISTERED, State.PRESENTED):
            unit = Unit.objects.get(organization=incoming.organization, abbreviation=INSTRUCTION_UNIT)
            incoming_instruct(actor=people["leader"], document=incoming, text=INSTRUCTION, lead=Holder(unit=unit),
                              deadline_days=5)
        lead = incoming.assignments.filter(role=Assignment.Role.LEAD, parent__isnull=True).first()
        if lead is not None and lead.unit_id and not lead.children.exists():
            assignment_redistribute(actor=people["unit_head"], assignment=lead, users=[people["drafter"]],
                                    note="Đồng chí Mai dự thảo văn bản triển khai.")
        incoming.refresh_from_db()
        return incoming

    def _backan_814(self, incoming: Document) -> Document:
        people = self._people(BACKAN_814)
        return self._through_route(BACKAN_814, self._draft(BACKAN_814, people, reply_to=incoming), people)
