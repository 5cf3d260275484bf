"""`manage.py seed_records`: the records side of the demo (hồ sơ and lưu trữ), after `seed_demo` and,
when it ran, `seed_story` (whose 807 and 814 go into the open hồ sơ):

- this year's approved file catalogue of UBND tỉnh Bắc Kạn and next year's draft copied from it;
- backan.chuyenvien's open hồ sơ 05.VXNV holding 807 and 814;
- last year's hồ sơ accepted by the archive (backan.luutru), with its biên bản, and the long-term
  proof of its signed files (with the demo timestamp authority);
- a hồ sơ past its retention on the disposal review list, one kept back, one handed over;
- a corrected description on 807, and a few readings in the access history.

Idempotent: running it again changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from qlvb.demo.commands.seed_story import Command as StoryCommand
from signatures import conf


class Command(BaseCommand):
    help = "Load the demo's records: a file catalogue, an open hồ sơ, an archived one, disposal and access history."

    def handle(self, *args, **options):
        from qlvb.demo.paper_side import demo_paper_side
        from qlvb.demo.records_accesslog import demo_accesslog
        from qlvb.demo.records_archive import demo_archive
        from qlvb.demo.records_catalogue import demo_catalogue
        from qlvb.demo.records_disposal import demo_disposal
        from qlvb.demo.records_longterm import demo_longterm
        from qlvb.demo.records_metadata import demo_metadata
        from qlvb.demo.records_workfiles import demo_workfiles

        out = self.stdout
        demo_catalogue(out)
        demo_workfiles(out)
        demo_archive(out)
        if (conf.pki_dir() / "pki.json").exists():
            with StoryCommand(stdout=out._out)._timestamp_authority():
                demo_longterm(out)
        else:
            out.write("long-term proofs: no demo PKI yet (manage.py pki_init); the daily renewal run adds them.\n")
        demo_disposal(out)
        demo_metadata(out)
        demo_accesslog(out)
        demo_paper_side(out)
        self.stdout.write(self.style.SUCCESS(
            "Records ready: catalogue, open and archived hồ sơ of UBND tỉnh Bắc Kạn (log in as backan.chuyenvien, "
            "backan.luutru or backan.lanhdao and open Hồ sơ)."))
