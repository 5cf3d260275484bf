"""The "Bản sao" panel of a document's page: its copies, and the way to request one."""

from django import template

register = template.Library()


@register.inclusion_tag("documents/copies/_panel.html", takes_context=True)
def copies_panel(context, document):
    from documents.selectors.copies import copy_list
    from documents.services.copies.workflow import copy_may_request

    user = context["request"].user
    copies = list(copy_list(user=user).filter(original=document).order_by("-id")[:20])
    may_request = copy_may_request(user=user, document=document)
    if not copies and not may_request:
        return {"shown": False}
    return {"shown": True, "document": document, "copies": copies, "may_request": may_request}
