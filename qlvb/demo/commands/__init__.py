"""The demo's management commands (seed_demo, pki_init, seed_story, demo_axis, seed_incidents,
runstack); qlvb/management/commands/ names each one for manage.py."""
