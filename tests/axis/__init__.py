"""Tests of the axis client and the local axis server (real processes, real HTTP on 127.0.0.1)."""
