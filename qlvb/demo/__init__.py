"""The demo: everything `make run` loads so that a newcomer can walk the seed story.

- cast.py: the organizations and people of the seed letters;
- pki.py: server-held demo keys and signature images for every demo leader and organization;
- story.py: the letters 807/VPCP-KSTT and 814/UBND-VXNV;
- incidents.py: a failed send and a backlog, so the alerts have something to show;
- commands/: seed_demo, pki_init, seed_story, demo_axis, seed_incidents and runstack (the whole
  stack in one terminal);
- supervisor.py: what runstack stands on: starts the processes, restarts one that stops, stops them all.

The demo is the one part of qlvb that assembles every app (import-linter lets it, and only it).
"""
