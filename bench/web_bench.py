"""Benchmark: page latency over HTTP with 200,000 incoming documents.

Loads 200,000 incoming documents (Vietnamese subjects, 40 hosted organizations of unequal size,
units, every state, urgency, instructions, assignments, progress notes, search text of about a
page of PDF text each) with COPY into a PostgreSQL database of its own (`qlvb_bench_web`, dropped
and re-created; `--reuse` keeps it), starts gunicorn on 127.0.0.1 (DEBUG off), logs in as the
clerk of the largest organization and prints, per page, the median and p95 latency of N requests
and the ratio to the bare SQL of the same queries (the page's queries on documents, replayed with
psycopg: how much the page adds to what the database must do anyway).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/web_bench.py [--reuse] [-n 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("QLVB_BENCH_DB", "qlvb_bench_web")
_base = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb"))
ADMIN_URL = _base._replace(path="/postgres").geturl()
BENCH_URL = _base._replace(path=f"/{BENCH_DB}").geturl()
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")
os.environ.setdefault("QLVB_VAR_DIR", tempfile.mkdtemp(prefix="qlvb-web-bench-"))

import warnings  # noqa: E402

import django  # noqa: E402
import psycopg  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")  # static files are not what is measured
DOCUMENTS = 200_000
ORGANIZATIONS = 40
BIG_SHARE = 0.10  # the benchmarked clerk's organization receives 10 % of everything
UNITS_PER_ORG = 4
SPECIALISTS_PER_UNIT = 2
PASSWORD = "Bench@2026"
SEED = 20260301

# --- Vietnamese text ----------------------------------------------------------------------------

ACTIONS = ["tăng cường", "triển khai", "hướng dẫn thực hiện", "đôn đốc thực hiện", "báo cáo kết quả",
           "góp ý dự thảo quy định về", "tổ chức kiểm tra", "rà soát, đánh giá", "đẩy mạnh", "chấn chỉnh",
           "sơ kết công tác", "tổng kết", "phối hợp thực hiện", "tiếp tục thực hiện", "phân bổ kinh phí"]
TOPICS = ["công tác phòng, chống dịch Covid-19", "gửi, nhận văn bản điện tử", "cải cách thủ tục hành chính",
          "chuyển đổi số", "phòng, chống thiên tai và tìm kiếm cứu nạn", "bảo đảm trật tự an toàn giao thông",
          "phòng cháy, chữa cháy", "quản lý đất đai", "xây dựng nông thôn mới", "giảm nghèo bền vững",
          "tiêm chủng vắc-xin", "phòng, chống tham nhũng, tiêu cực", "bảo đảm an toàn thông tin mạng",
          "sử dụng chữ ký số chuyên dùng", "thu ngân sách nhà nước", "giải ngân vốn đầu tư công",
          "quản lý, bảo vệ rừng", "phòng, chống dịch tả lợn châu Phi", "tuyển sinh đầu cấp",
          "thực hiện chính sách bảo hiểm xã hội", "công tác dân tộc", "phát triển du lịch",
          "bảo vệ môi trường", "quản lý thị trường", "thi đua, khen thưởng", "cải cách chế độ tiền lương"]
PLACES = ["trên địa bàn tỉnh", "tại các huyện, thành phố", "", "năm 2026", "quý III năm 2026", "6 tháng đầu năm",
          "giai đoạn 2026 - 2030", "trong dịp Tết Nguyên đán"]
SENTENCES = [
    "Thực hiện chỉ đạo của Thủ tướng Chính phủ, đề nghị các cơ quan, đơn vị khẩn trương triển khai các nội dung sau.",
    "Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố chủ động xây dựng kế hoạch cụ thể.",
    "Báo cáo kết quả thực hiện gửi về Văn phòng Ủy ban nhân dân tỉnh trước ngày 25 hằng tháng.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời phản ánh để được hướng dẫn.",
    "Tăng cường công tác tuyên truyền, nâng cao nhận thức của cán bộ, công chức và Nhân dân.",
    "Bố trí kinh phí từ nguồn ngân sách nhà nước theo phân cấp hiện hành.",
    "Kiểm tra, giám sát việc thực hiện, xử lý nghiêm các trường hợp vi phạm theo quy định của pháp luật.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, sử dụng chữ ký số trong gửi, nhận văn bản điện tử.",
    "Phối hợp chặt chẽ với các cơ quan liên quan để bảo đảm tiến độ và chất lượng.",
    "Ủy ban nhân dân tỉnh yêu cầu thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện.",
    "Rà soát, thống kê số liệu, tổng hợp báo cáo theo biểu mẫu kèm theo.",
    "Tổ chức trực ban, sẵn sàng lực lượng, phương tiện ứng phó với tình huống phát sinh.",
]
TYPES = [("cong-van", 55), ("ke-hoach", 8), ("bao-cao", 8), ("quyet-dinh", 7), ("thong-bao", 6), ("giay-moi", 8),
         ("to-trinh", 3), ("huong-dan", 3), ("chi-thi", 2)]
ISSUER_NAMES = ["Văn phòng Chính phủ", "Bộ Y tế", "Bộ Tài chính", "Bộ Nội vụ", "Bộ Thông tin và Truyền thông",
                "Bộ Kế hoạch và Đầu tư", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Giáo dục và Đào tạo",
                "Bộ Công an", "Bộ Tài nguyên và Môi trường", "Bộ Giao thông vận tải", "Bộ Công Thương"]
ISSUER_ABBR = ["VPCP", "BYT", "BTC", "BNV", "BTTTT", "BKHĐT", "BNNPTNT", "BGDĐT", "BCA", "BTNMT", "BGTVT", "BCT"]
DEPARTMENTS = ["Sở Y tế", "Sở Tài chính", "Sở Nội vụ", "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư",
               "Sở Giáo dục và Đào tạo", "Công an tỉnh", "Sở Tài nguyên và Môi trường"]
PROVINCES = ["Bắc Kạn", "Cao Bằng", "Lạng Sơn", "Thái Nguyên", "Tuyên Quang"]
UNIT_NAMES = [("VXNV", "Phòng Văn xã - Nội vụ"), ("KT", "Phòng Kinh tế"), ("TH", "Phòng Tổng hợp"),
              ("KSTT", "Phòng Kiểm soát thủ tục hành chính")]
STATES = [("arrived", 3), ("registered", 6), ("presented", 4), ("assigned", 20), ("processing", 25), ("done", 38),
          ("rejected", 2), ("recalled", 2)]
URGENCY = [(0, 85), (1, 10), (2, 4), (3, 1)]

# --- the database -------------------------------------------------------------------------------


def recreate_database() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def database_ready() -> bool:
    try:
        with psycopg.connect(BENCH_URL) as conn:
            return conn.execute("SELECT count(*) FROM documents_document").fetchone()[0] >= DOCUMENTS
    except psycopg.Error:
        return False


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def copy_rows(cursor, model, rows: list[dict]) -> None:
    """COPY `rows` (field name → value; other fields take their defaults) into `model`'s table."""
    from django.db.models import JSONField

    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    defaults = {f.attname: (f.get_default() if f.has_default() or not f.null else None) for f in fields}
    with cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            values = []
            for f in fields:
                value = row.get(f.attname, defaults[f.attname])
                if isinstance(f, JSONField):
                    value = psycopg.types.json.Jsonb(value)
                values.append(value)
            copy.write_row(values)


def load(rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from documents.models import (
        Assignment,
        Document,
        DocumentAccess,
        DocumentType,
        Instruction,
        ProgressNote,
        Register,
        SearchEntry,
    )
    from documents.selectors.search import fold_text, search_text
    from qlvb.models import Membership, MembershipRole, Organization, Unit, User

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    # Organizations: 40 hosted (the first is the big one), the issuers (ministries, departments).
    hosted = [Organization(organ_id=f"000.00.{i:02d}.H{i // 100 + 5:02d}" if i else "000.00.00.H05",
                           name=("Ủy ban nhân dân tỉnh Bắc Kạn" if i == 0 else
                                 f"{DEPARTMENTS[i % len(DEPARTMENTS)]} tỉnh {PROVINCES[i % len(PROVINCES)]} {i}"),
                           short_name="UBND" if i == 0 else f"CQ{i}", hosted=True, place_name="Bắc Kạn")
              for i in range(ORGANIZATIONS)]
    issuers = [Organization(organ_id=f"000.00.00.G{30 + i:02d}", name=name, short_name=ISSUER_ABBR[i])
               for i, name in enumerate(ISSUER_NAMES)]
    Organization.objects.bulk_create(hosted + issuers)
    hosted = list(Organization.objects.filter(hosted=True).order_by("pk"))
    issuers = list(Organization.objects.filter(hosted=False).order_by("pk"))
    units = {o.pk: Unit.objects.bulk_create([Unit(organization=o, abbreviation=a, name=n) for a, n in UNIT_NAMES])
             for o in hosted}
    hashed = make_password(PASSWORD)
    people: dict[int, dict] = {}
    for n, org in enumerate(hosted):
        prefix = "bench" if n == 0 else f"o{n}"
        cast = {"clerk": [(f"{prefix}.vanthu", "clerk", None)], "leader": [(f"{prefix}.lanhdao", "leader", None)]}
        for u, unit in enumerate(units[org.pk]):
            cast.setdefault("head", []).append((f"{prefix}.truongphong{u}", "unit_head", unit))
            for s in range(SPECIALISTS_PER_UNIT):
                cast.setdefault("specialist", []).append((f"{prefix}.chuyenvien{u}{s}", "specialist", unit))
        people[org.pk] = {}
        for key, members in cast.items():
            created = User.objects.bulk_create([User(username=name, full_name=name, password=hashed)
                                                for name, _, _ in members])
            memberships = Membership.objects.bulk_create([
                Membership(user=user, organization=org, unit=unit, secret_clearance=(role == "clerk"))
                for user, (_, role, unit) in zip(created, members, strict=True)])
            MembershipRole.objects.bulk_create([MembershipRole(membership=m, role=role)
                                                for m, (_, role, _) in zip(memberships, members, strict=True)])
            people[org.pk][key] = list(zip(created, [unit for _, _, unit in members], strict=True))
    registers = {}
    for org in hosted:
        for year in (2025, 2026):
            for secret in (False, True):
                registers[org.pk, year, secret] = Register.objects.create(
                    organization=org, direction="in", year=year, is_secret=secret,
                    name="Sổ văn bản mật đến" if secret else "Sổ văn bản đến")
    types = {code: DocumentType.objects.get(code=code) for code, _ in TYPES}
    type_names = {code: t.name for code, t in types.items()}

    # Documents: in order of arrival, from 1 January 2025 to now.
    start = timezone.make_aware(dt.datetime(2025, 1, 2, 7, 30))
    span = (timezone.now() - start).total_seconds()
    arrivals = sorted(rng.random() * span for _ in range(DOCUMENTS))
    weights = [BIG_SHARE] + [(1 - BIG_SHARE) / (ORGANIZATIONS - 1)] * (ORGANIZATIONS - 1)
    folded_sentences = [fold_text(s) for s in SENTENCES]
    counters: dict = {}
    docs, entries, instructions, assignments, notes, grants = [], [], [], [], [], []
    next_instruction = next_assignment = 1
    for pk, offset in enumerate(arrivals, start=1):
        org = rng.choices(hosted, weights)[0]
        received = start + dt.timedelta(seconds=offset)
        state = weighted(rng, STATES)
        urgency = weighted(rng, URGENCY)
        secrecy = 1 if rng.random() < 0.01 else 0
        code = weighted(rng, TYPES)
        issuer = rng.choice(issuers)
        subject = " ".join(p for p in ("V/v" if code == "cong-van" else "Về việc", rng.choice(ACTIONS),
                                        rng.choice(TOPICS), rng.choice(PLACES)) if p)
        abbr = issuer.short_name
        symbol = f"{rng.randint(1, 4000)}/{abbr}-{rng.choice(['VP', 'KHTC', 'TH', 'PC', 'KSTT'])}"
        row = {"id": pk, "organization_id": org.pk, "direction": "in", "document_type_id": types[code].pk,
               "symbol": symbol, "subject": subject, "issued_on": (received - dt.timedelta(days=rng.randint(1, 9))).date(),
               "issuer_name": issuer.name, "issuer_id": issuer.pk, "urgency": urgency, "secrecy": secrecy,
               "created_at": received, "received_at": received, "source": rng.choice(["axis", "axis", "paper"]),
               "state": state, "signer_name": "Nguyễn Văn An", "external_id": f"{issuer.organ_id},{pk}"}
        if state not in ("arrived", "rejected"):
            year = timezone.localtime(received).year
            key = (org.pk, year, bool(secrecy))
            counters[key] = counters.get(key, 0) + 1
            row.update(register_id=registers[key].pk, register_number=counters[key],
                       registered_at=received + dt.timedelta(minutes=rng.randint(5, 240)))
        if state == "rejected":
            row["rejection_reason"] = "Gửi nhầm cơ quan"
        if state == "recalled":
            row["is_frozen"] = True
        if state in ("assigned", "processing", "done"):
            staff = people[org.pk]
            leader = staff["leader"][0][0]
            instructed = received + dt.timedelta(hours=rng.randint(2, 48))
            deadline = (instructed + dt.timedelta(days=rng.randint(3, 20))).date()
            row["due_date"] = deadline
            instructions.append({"id": next_instruction, "document_id": pk, "author_id": leader.pk,
                                 "text": "Giao đơn vị chủ trì, tham mưu xử lý.", "deadline": deadline,
                                 "created_at": instructed})
            head, unit = rng.choice(staff["head"])
            assignment_state = {"assigned": "open", "processing": "in_progress", "done": "done"}[state]
            lead = {"id": next_assignment, "document_id": pk, "instruction_id": next_instruction, "role": "lead",
                    "unit_id": unit.pk, "assigned_by_id": leader.pk, "deadline": deadline, "state": assignment_state,
                    "created_at": instructed}
            assignments.append(lead)
            grants.append({"document_id": pk, "user_id": head.pk, "reason": "assigned:lead", "granted_at": instructed})
            next_assignment += 1
            if state != "assigned" or rng.random() < 0.5:
                specialist, _ = rng.choice([p for p in staff["specialist"] if p[1].pk == unit.pk])
                assignments.append({**lead, "id": next_assignment, "parent_id": lead["id"], "user_id": specialist.pk,
                                    "assigned_by_id": head.pk})
                grants.append({"document_id": pk, "user_id": specialist.pk, "reason": "assigned:lead",
                               "granted_at": instructed})
                if state == "processing":
                    notes.append({"assignment_id": next_assignment, "author_id": specialist.pk,
                                  "text": "Đang dự thảo văn bản trả lời", "percent": rng.choice([20, 50, 80]),
                                  "created_at": instructed + dt.timedelta(days=1)})
                next_assignment += 1
            if state == "done":
                row["completed_at"] = instructed + dt.timedelta(days=rng.randint(1, 15))
            next_instruction += 1
        docs.append(row)
        chosen = rng.sample(range(len(SENTENCES)), 6)
        file_text = "\n".join(SENTENCES[i] for i in chosen)
        folded = " ".join([search_text(type_names[code], symbol, subject, issuer.name, "Nguyễn Văn An")]
                          + [folded_sentences[i] for i in chosen])
        entries.append({"document_id": pk, "organization_id": org.pk, "folded": folded, "file_text": file_text, "state": "indexed",
                        "indexed_at": received, "file_hashes": []})
    print(f"generated {len(docs):,} documents in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for model, rows in ((Document, docs), (Instruction, instructions), (Assignment, assignments),
                            (ProgressNote, notes), (DocumentAccess, grants), (SearchEntry, entries)):
            if model is DocumentAccess or model is ProgressNote:
                for i, r in enumerate(rows, start=1):
                    r.setdefault("id", i)
            copy_rows(raw, model, rows)
            print(f"  {model.__name__}: {len(rows):,} rows", flush=True)
        for model in (Document, Instruction, Assignment, ProgressNote, DocumentAccess):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        for key, count in counters.items():
            Register.objects.filter(pk=registers[key].pk).update(last_number=count)
    connection.close()
    with psycopg.connect(BENCH_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)


# --- the server and the client ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One keep-alive connection with the session cookie, like a logged-in browser tab."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, body: dict | None = None) -> tuple[int, str, dict]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/",
                            "X-CSRFToken": self.cookies.get("csrftoken", "")})
        self.conn.request(method, url, body=data, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, text, dict(response.getheaders())

    def login(self, username: str) -> None:
        _, html, _ = self.request("GET", "/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, _, _ = self.request("POST", "/dang-nhap/", {"username": username, "password": PASSWORD,
                                                            "csrfmiddlewaretoken": token})
        if status != 302:
            raise RuntimeError(f"login as {username} failed: HTTP {status}")


def timed(browser: Browser, url: str, n: int) -> list[float]:
    for _ in range(5):  # warm-up: connections, caches, templates
        status, _, _ = browser.request("GET", url)
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        browser.request("GET", url)
        times.append((time.perf_counter() - t) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(OUT)? HOLD FOR ')


def page_sql(username: str, url: str) -> list[str]:
    """The SQL a page runs against documents (captured in this process with the same URLs)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status} in process")
    statements = []
    for query in captured.captured_queries:
        sql = DECLARE.sub("", query["sql"])  # .iterator() reads through a server-side cursor
        if sql.startswith("SELECT") and "documents_" in sql:
            statements.append(sql)
    return statements


def sql_time(statements: list[str], n: int) -> list[float]:
    with psycopg.connect(BENCH_URL) as conn:
        for sql in statements:  # warm-up
            conn.execute(sql).fetchall()
        times = []
        for _ in range(n):
            t = time.perf_counter()
            for sql in statements:
                conn.execute(sql).fetchall()
            times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database if it is complete")
    parser.add_argument("-n", type=int, default=60, help="measured requests per page")
    parser.add_argument("--jit", action="store_true",
                        help="leave PostgreSQL's JIT on (its default); by default the bench database sets jit=off, "
                             "as recommended for QLVB (JIT compiles for 100 ms queries that take a few ms)")
    args = parser.parse_args()
    if not (args.reuse and database_ready()):
        recreate_database()
        django.setup()
        load(random.Random(SEED))
    else:
        django.setup()
        print(f"reusing the loaded database {BENCH_DB}")

    from django.db import connection
    from django.urls import NoReverseMatch, reverse

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{BENCH_DB}" SET jit = {"on" if args.jit else "off"}')
    port = free_port()
    env = {**os.environ, "DEBUG": "0"}
    log = open(Path(os.environ["QLVB_VAR_DIR"]) / "gunicorn.log", "wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "qlvb.wsgi", "-b", f"127.0.0.1:{port}", "--workers", "2",
         "--access-logfile", "-"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start; see " + log.name) from None
                time.sleep(0.2)
        clerk, specialist = "bench.vanthu", "bench.chuyenvien00"
        pages = []
        try:
            incoming = reverse("documents:incoming-list")
            pages += [("incoming list, page 1", clerk, incoming),
                      ("incoming list, filtered (state, urgent), page 3", clerk,
                       f"{incoming}?state=processing&urgency=khan&trang=3"),
                      ("incoming list, filtered (type, received in 2026), page 2", clerk,
                       f"{incoming}?type={_type_id('cong-van')}&received_from=2026-01-01&trang=2")]
        except NoReverseMatch:
            print("(no documents:incoming-list URL: measuring the register page and the API list instead)")
        pages += [
            ("Việc của tôi (clerk)", clerk, "/"),
            ("Việc của tôi (specialist)", specialist, "/"),
            ("search: cong van phong chong dich", clerk, "/tra-cuu/?q=cong+van+phong+chong+dich"),
            ("search: chu ky so chuyen dung, 2026", clerk,
             "/tra-cuu/?q=chu+ky+so+chuyen+dung&issued_from=2026-01-01"),
            ("register page (incoming, 2026)", clerk, "/so-van-ban/den/?date_from=2026-01-01&date_to=2026-12-31"),
            ("API list (incoming, page 1)", clerk, "/api/documents/?direction=in"),
            ("API search (first organization by default): phong chong dich", clerk,
             "/api/documents/search/?q=phong+chong+dich"),
        ]
        browsers = {}
        version = connection.pg_version
        print(f"\n{DOCUMENTS:,} incoming documents, {ORGANIZATIONS} organizations; the clerk's organization holds "
              f"{_count_of(clerk):,} of them. PostgreSQL {version // 10000}.{version % 10000}, gunicorn 2 workers, "
              f"{os.cpu_count()} cores, DEBUG off, jit {'on' if args.jit else 'off'}, {args.n} requests per page after "
              "5 warm-up.\n")
        print(f"{'page':62} {'median':>8} {'p95':>8} {'SQL':>8} {'ratio':>6}  queries")
        for title, user, url in pages:
            if user not in browsers:
                browsers[user] = Browser(port)
                browsers[user].login(user)
            times = timed(browsers[user], url, args.n)
            statements = page_sql(user, url)
            sql = sql_time(statements, max(10, args.n // 3))
            print(f"{title:62} {statistics.median(times):7.1f}ms {p95(times):7.1f}ms "
                  f"{statistics.median(sql):6.1f}ms {statistics.median(times) / statistics.median(sql):5.1f}x  "
                  f"{len(statements)}", flush=True)
        print("\nSQL: the page's queries on documents tables replayed with psycopg (median); ratio = page median / SQL.")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()


def _type_id(code: str) -> int:
    from documents.models import DocumentType

    return DocumentType.objects.get(code=code).pk


def _count_of(username: str) -> int:
    from documents.models import Document
    from qlvb.models import Membership

    org = Membership.objects.get(user__username=username).organization_id
    return Document.objects.filter(organization_id=org).count()


if __name__ == "__main__":
    main()
