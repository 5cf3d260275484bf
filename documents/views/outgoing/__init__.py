"""Screens of outgoing documents (văn bản đi): the list, drafting, review, signing, issuing and tracking.

Views are thin: they read through `documents.selectors` (the one permission filter) and write
through the outgoing services, showing their refusals as messages.
"""
