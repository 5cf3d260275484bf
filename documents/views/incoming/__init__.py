"""Screens of incoming documents (văn bản đến): the list, the detail page with its file viewer and
timeline, the clerk's and the handlers' actions."""
