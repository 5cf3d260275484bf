"""The seed story's closing line tells the newcomer the next step from where 814 is now (README
walk-through, finding 9): a rerun after 814 was signed, sealed or dispatched no longer asks them to sign it."""

from __future__ import annotations

from pathlib import Path

from documents.models import Document
from qlvb.demo.commands.seed_story import next_step


def _pin(name: str) -> Path:
    return Path("var/pki/demo-keys") / f"{name}.pin"


def test_the_next_step_follows_the_answers_state():
    def say(state: str) -> str:
        return next_step(Document(state=state, symbol="" if state == "approved" else "814/UBND-VXNV"), _pin)

    assert say(Document.State.APPROVED) == ("the answer to it waits for the signature — log in as backan.lanhdao "
                                           "to sign it (PIN in var/pki/demo-keys/backan.lanhdao.pin).")
    for state in (Document.State.SIGNED, Document.State.ISSUED, Document.State.DISPATCHED):
        assert "to sign it" not in say(state) and "814/UBND-VXNV" in say(state), state
    assert "backan.vanthu to seal it" in say(Document.State.SIGNED)
    assert "var/pki/demo-keys/000.00.00.H05.pin" in say(Document.State.SIGNED)
    assert "backan.vanthu to dispatch it" in say(Document.State.ISSUED)
    assert "the story is complete" in say(Document.State.DISPATCHED)
