"""The command line, run as a user would: inspect, validate, build, and round trips between them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interchange.edxml import build

from . import messages
from .conftest import FIXTURES, VNPT_BUILT, SigningMaterial

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = FIXTURES / "PVN-Organization__API-Gateway-iOffice/JDK_1.8/SDKVXP_Example/resources/edoc_update.edxml"
STATUS = (
    FIXTURES
    / "PVN-Organization__API-Gateway-iOffice/JDK_1.8/SDKVXP_Example/resources/status_rejection_02.edxml"
)


def cli(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interchange.edxml", *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )


def inspect(path: Path, *extra: object) -> dict:
    done = cli("inspect", path, *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_inspect_prints_every_field_and_the_decoded_attachments() -> None:
    official = json.loads(Path(f"{SAMPLE}.vnpt.json").read_text(encoding="utf-8"))

    shown = inspect(SAMPLE)

    assert shown["kind"] == "edoc"
    assert shown["sender"]["organ_id"] == official["MessageHeader"]["From"]["OrganId"]
    assert shown["code"] == {"number": "7816", "notation": "VPCP-TTĐT"}
    assert shown["promulgation"]["date"] == "2018/09/28"
    assert shown["business"]["doc_type"] == 2
    assert shown["business"]["document_info"]["receivers"][1] == {
        "organ_id": "000.00.00.H14",
        "receiver_type": 1,
    }
    assert [(a["name"], a["content_type"], a["size"], a["sha256"]) for a in shown["attachments"]] == [
        (a["AttachmentName"], a["ContentType"], a["size"], a["sha256"]) for a in official["Attachments"]
    ]
    assert shown["attachments"][0]["content_id"] == "209"
    assert shown["signature_check"]["status"] == "placeholder"


def test_inspect_shows_a_status_message_with_its_label() -> None:
    shown = inspect(STATUS)

    assert shown["kind"] == "status"
    assert (shown["status_code"], shown["status_label"]) == ("02", "Từ chối tiếp nhận")
    assert shown["signature_check"]["status"] == "absent"


def test_validate_exits_zero_for_a_valid_package() -> None:
    done = cli("validate", VNPT_BUILT / "edoc_update.edxml")

    assert (done.returncode, done.stdout.strip()) == (0, "valid")


def test_validate_lists_violations_one_per_line_with_paths() -> None:
    sample = (
        FIXTURES
        / "PVN-Organization__API-Gateway-iOffice/JDK_1.8/SDKVXP_Example/JDK_1.8/SDKVXP_Example/uploads/1f881896-6e3a-4a5f-87f1-c380878e148e.edxml"
    )

    done = cli("validate", sample)
    lines = done.stdout.splitlines()

    assert done.returncode == 1
    assert (
        "edXMLEnvelope/edXMLHeader/MessageHeader/From/OrganId: 'vxp.saas.03' is not an organization identifier"
        in done.stdout
    )
    assert all(": " in line for line in lines)
    assert len(lines) > 3


def test_validate_refuses_a_malformed_file() -> None:
    done = cli("validate", FIXTURES / "all4u1089__truclienthong-example/resources/edoc.edxml")

    assert done.returncode != 0
    assert "not well-formed XML" in done.stdout


def test_inspect_reports_unreadable_input_on_stderr() -> None:
    done = cli("inspect", FIXTURES / "all4u1089__truclienthong-example/resources/edoc.edxml")

    assert done.returncode == 2
    assert "not well-formed XML" in done.stderr


def test_inspect_edit_build_inspect(tmp_path: Path) -> None:
    shown = inspect(SAMPLE, "--extract", tmp_path / "files")
    shown["subject"] = "V/v sửa trích yếu qua dòng lệnh"
    shown["recipients"] = shown["recipients"][:2]
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")

    built = cli("build", spec, tmp_path / "out.edxml")
    again = inspect(tmp_path / "out.edxml")

    assert built.returncode == 0, built.stderr
    assert again["subject"] == "V/v sửa trích yếu qua dòng lệnh"
    assert [r["organ_id"] for r in again["recipients"]] == ["000.00.00.H41", "000.00.00.H14"]
    for key in ("sender", "code", "promulgation", "business", "trace_headers", "other_info", "to_places"):
        assert again[key] == shown[key]
    assert [(a["name"], a["size"], a["sha256"]) for a in again["attachments"]] == [
        (a["name"], a["size"], a["sha256"]) for a in shown["attachments"]
    ]


def test_inspect_then_build_reproduces_an_official_file_exactly(tmp_path: Path) -> None:
    shown = inspect(VNPT_BUILT / "edoc_replace.edxml", "--extract", tmp_path / "files")
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")

    assert cli("build", spec, tmp_path / "out.edxml").returncode == 0
    assert (tmp_path / "out.edxml").read_bytes() == (VNPT_BUILT / "edoc_replace.edxml").read_bytes()


def test_status_messages_go_through_the_same_commands(tmp_path: Path) -> None:
    shown = inspect(STATUS)
    shown["description"] = "Sai thể thức văn bản"
    spec = tmp_path / "status.json"
    spec.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")

    assert cli("build", spec, tmp_path / "status.edxml").returncode == 0
    again = inspect(tmp_path / "status.edxml")

    assert again["description"] == "Sai thể thức văn bản"
    assert {k: v for k, v in again.items() if k != "description"} == {
        k: v for k, v in shown.items() if k != "description"
    }


def test_build_with_relative_attachment_paths_and_a_signature(
    tmp_path: Path, signing_material: SigningMaterial
) -> None:
    pdf = "%PDF-1.4\nnội dung\n%%EOF".encode()
    (tmp_path / "van_ban.pdf").write_bytes(pdf)
    shown = inspect(VNPT_BUILT / "edoc_new.edxml")
    shown["attachments"] = [{"name": "Văn bản.pdf", "path": "van_ban.pdf", "content_id": "vb"}]
    (tmp_path / "spec.json").write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "key.pem").write_bytes(signing_material.key_pem)
    (tmp_path / "cert.pem").write_bytes(signing_material.cert_pem)

    done = cli(
        "build",
        tmp_path / "spec.json",
        tmp_path / "out.edxml",
        "--key",
        tmp_path / "key.pem",
        "--cert",
        tmp_path / "cert.pem",
    )
    again = inspect(tmp_path / "out.edxml")

    assert done.returncode == 0, done.stderr
    assert again["signature_check"]["status"] == "valid"
    assert [(a["name"], a["content_type"], a["size"]) for a in again["attachments"]] == [
        ("Văn bản.pdf", "application/pdf", len(pdf))
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kind": "letter"}, "'kind' must be one of"),
        ({"subjekt": "x"}, "unknown keys ['subjekt']"),
        ({"promulgation": {"date": "hôm qua"}, "attachments": []}, "promulgation.date: expected a date"),
        ({"attachments": [{"name": "a.pdf"}]}, "needs a 'path'"),
    ],
)
def test_build_explains_what_is_wrong_with_the_json(tmp_path: Path, change: dict, message: str) -> None:
    shown = inspect(VNPT_BUILT / "status_03.edxml" if change.get("kind") else VNPT_BUILT / "edoc_new.edxml")
    shown.update(change)
    (tmp_path / "spec.json").write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")

    done = cli("build", tmp_path / "spec.json", tmp_path / "out.edxml")

    assert done.returncode == 2
    assert message in done.stderr


def test_validate_refuses_an_attachment_whose_name_climbs_out_of_its_folder(tmp_path: Path) -> None:
    # Issue 14, finding 13: the parser cleaned the name before the validator saw it, so this passed.
    package = build(messages.edoc()).replace(b"807-VPCP-KSTT.pdf", b"../../../../tmp/owned.pdf")
    hostile = tmp_path / "hostile.edxml"
    hostile.write_bytes(package)

    done = cli("validate", hostile)

    assert done.returncode == 1
    assert (
        "AttachmentEncoded/Attachment[1]/AttachmentName: attachment 1 is named '../../../../tmp/owned.pdf': "
        "an attachment name must be a plain file name" in done.stdout
    )
    assert "edXMLEnvelope/edXMLBody/edXMLManifest/Reference[1]/AttachmentName" in done.stdout
    # inspect shows both: the name it would be stored under, and the one the package gave.
    [shown] = inspect(hostile)["attachments"]
    assert (shown["name"], shown["raw_name"]) == ("owned.pdf", "../../../../tmp/owned.pdf")


def test_validate_refuses_a_windows_path_in_an_attachment_name_only_in_attachment_encoded(tmp_path: Path) -> None:
    package = build(messages.edoc()).replace(
        b"<AttachmentName>807-VPCP-KSTT.pdf</AttachmentName>",
        b"<AttachmentName>C:\\Windows\\evil.pdf</AttachmentName>",
    )
    hostile = tmp_path / "hostile.edxml"
    hostile.write_bytes(package)

    done = cli("validate", hostile)

    assert done.returncode == 1
    assert done.stdout.count("AttachmentName") == 1  # the manifest keeps the plain name
    assert "AttachmentEncoded/Attachment[1]/AttachmentName: attachment 1 is named 'C:\\\\Windows\\\\evil.pdf'" in done.stdout
    assert "it would be stored as 'evil.pdf'" in done.stdout
