"""The codes of the documents workflow's refusals (see qlvb.errors): the value is what API clients
read in `code`, the label the English message (a gettext msgid; Vietnamese in locale/vi)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qlvb.errors import ErrorCode


class DocumentError(ErrorCode):
    # who may act
    NOT_A_CLERK = "not_a_clerk", _("Only a clerk of the organization may do this.")
    NOT_A_MEMBER = "not_a_member", _("You do not belong to this organization.")
    NO_DELEGATION = "no_delegation", _("You hold no active delegation from this leader.")
    LEADER_ONLY = "leader_only", _("Only a leader of the organization (or their delegate) may give instructions.")

    # incoming: entry, registration, rejection, delivery
    DOCUMENT_FROZEN = "document_frozen", _("The document was recalled and is locked: it cannot be changed.")
    SCAN_NOT_PDF = "scan_not_pdf", _("The scan must be a PDF file.")
    NOT_AWAITING_REGISTRATION = "not_awaiting_registration", _(
        "The document is “%(state)s”, not waiting for registration, so it cannot be registered.")
    POSSIBLE_DUPLICATE = "possible_duplicate", _(
        "The document may duplicate incoming document %(number)s (%(symbol)s) already registered; check it, "
        "or send allow_duplicate=true to register it anyway.")
    REJECTION_REASON_REQUIRED = "rejection_reason_required", _("A reason for the rejection is required.")
    NOT_REJECTABLE = "not_rejectable", _("Only a document that is not registered yet can be rejected.")
    NOT_OUTGOING = "not_outgoing", _("Only an outgoing document can be sent.")
    RECIPIENT_NOT_HOSTED = "recipient_not_hosted", _(
        "%(organization)s does not use this system; send over the axis.")

    # incoming: recall requests from the sender
    NOT_A_CLERK_FOR_RECALL = "not_a_clerk_for_recall", _("Only a clerk may answer a recall request.")
    RECALL_NOT_REQUESTED = "recall_not_requested", _("The sender has not asked to take this document back.")
    ALREADY_RECALLED = "already_recalled", _("The document has already been recalled.")

    # incoming: presenting, instructions, assignments
    NOT_A_CLERK_FOR_PRESENTING = "not_a_clerk_for_presenting", _("Only a clerk may present a document.")
    NOT_PRESENTABLE = "not_presentable", _("Only a registered document can be presented.")
    NOT_A_LEADER = "not_a_leader", _("%(person)s is not a leader of %(organization)s.")
    DEADLINE_TWICE = "deadline_twice", _(
        "Give the deadline either as a date or as a number of working days, not both.")
    DEADLINE_DAYS_NOT_POSITIVE = "deadline_days_not_positive", _("The number of working days must be greater than 0.")
    DEADLINE_IN_PAST = "deadline_in_past", _("The deadline cannot be earlier than today.")
    NOT_REGISTERED_FOR_INSTRUCTION = "not_registered_for_instruction", _(
        "The document must be registered before instructions are given.")
    INSTRUCTION_TEXT_REQUIRED = "instruction_text_required", _("The text of the instruction is required.")
    NOT_IN_ORGANIZATION = "not_in_organization", _("%(member)s does not belong to %(organization)s.")
    NOT_IN_UNIT = "not_in_unit", _("%(member)s does not belong to the unit %(unit)s.")
    UNIT_WITHOUT_HEAD = "unit_without_head", _(
        "%(unit)s has no unit head to distribute the document: choose another unit or a person.")
    NOT_A_HANDLER = "not_a_handler", _(
        "%(person)s does not handle documents in %(organization)s (no clerk, leader, unit head or specialist "
        "role): choose someone else.")
    NOT_REDISTRIBUTABLE = "not_redistributable", _("Only an assignment given to a unit can be redistributed.")
    NOT_THE_UNIT_HEAD = "not_the_unit_head", _("Only the head of the assigned unit may redistribute it.")
    NOT_YOUR_ASSIGNMENT = "not_your_assignment", _("This assignment is not yours to work on.")
    ASSIGNMENT_DONE = "assignment_done", _("This assignment is already done.")
    PROGRESS_OUT_OF_RANGE = "progress_out_of_range", _("Progress must be between 0 and 100 percent.")
    REPLY_OF_OTHER_ORGANIZATION = "reply_of_other_organization", _(
        "The reply must be a document of the same organization.")
    MAY_NOT_REMIND = "may_not_remind", _("You may not send reminders about this document.")

    # outgoing: drafting
    FILE_NOT_PDF = "file_not_pdf", _("The file “%(name)s” is not a valid PDF.")
    FILE_NOT_DOCX = "file_not_docx", _("The file “%(name)s” is not a valid DOCX.")
    CONTENT_NOT_PDF_OR_DOCX = "content_not_pdf_or_docx", _("The content must be a PDF or a DOCX file.")
    ADDRESSED_TO_ITSELF = "addressed_to_itself", _("A document cannot be addressed to its own organization.")
    NOT_A_DRAFTER = "not_a_drafter", _("Only members of the organization may draft for it.")
    SUBJECT_REQUIRED = "subject_required", _("The subject (trích yếu) is required.")
    REPLY_TO_OTHER_ORGANIZATION = "reply_to_other_organization", _(
        "A draft may only answer an incoming document of its organization.")
    DRAFT_LOCKED = "draft_locked", _("The draft is in review or signed and cannot be changed.")
    NOT_A_DRAFT_EDITOR = "not_a_draft_editor", _("Only the author, the unit head or a clerk may change the draft.")
    COMMENT_EMPTY = "comment_empty", _("The comment is empty.")

    # outgoing: review
    NOT_SUBMITTABLE = "not_submittable", _("Only a draft that is new or was returned can be submitted.")
    NOT_THE_AUTHOR = "not_the_author", _("Only the author may submit the draft.")
    CONVERSION_FAILED = "conversion_failed", _("The DOCX could not be converted to PDF: %(error)s")
    NO_PDF_YET = "no_pdf_yet", _("The draft has no PDF yet (a DOCX is still being converted).")
    NOT_IN_REVIEW = "not_in_review", _("The draft is not in review.")
    NOT_THE_REVIEWER = "not_the_reviewer", _("You are not the reviewer of the current step.")
    RETURN_COMMENT_REQUIRED = "return_comment_required", _("A comment is required to return the draft.")
    NOT_WITHDRAWABLE = "not_withdrawable", _(
        "Only a draft that is in review or waiting for its signature can be withdrawn.")
    NOT_THE_AUTHOR_WITHDRAW = "not_the_author_withdraw", _("Only the author may withdraw the draft.")
    NUMBER_RESERVED = "number_reserved", _(
        "A number was already given for a signature on a signing device; finish that signature instead.")
    NOT_AWAITING_SIGNATURE = "not_awaiting_signature", _(
        "The document is not waiting for its signature, so it cannot be sent back.")
    SEND_BACK_REASON_REQUIRED = "send_back_reason_required", _("A reason is required to send the draft back.")

    # outgoing: signing and numbering
    NOT_APPROVED = "not_approved", _("The document has not passed its checks; it cannot be signed yet.")
    NO_PDF_TO_SIGN = "no_pdf_to_sign", _("The document has no PDF to sign.")
    NO_SUCH_PAGE = "no_such_page", _("The document has no page %(page)s (it has %(count)s).")
    NUMBER_PLACE_NOT_FOUND = "number_place_not_found", _(
        "No 'Số:' line on the first page to write the number into.")
    NO_REGISTER = "no_register", _(
        "No register is open for “%(document_type)s” documents in %(year)s; an administrator must open one.")
    NO_SECRET_REGISTER = "no_secret_register", _(
        "No register of secret documents is open for “%(document_type)s” documents in %(year)s; an administrator "
        "must open one.")
    NOT_AWAITING_EXTERNAL_SIGNATURE = "not_awaiting_external_signature", _(
        "The document is not waiting for a signature from a signing device.")
    NO_SIGNING_SESSION = "no_signing_session", _("No signing session of this document is waiting.")

    # outgoing: sealing, dispatch, recall, update, replacement
    NOT_SIGNED_FOR_SEAL = "not_signed_for_seal", _("The document has no signature of its signer yet.")
    RECEIVED_FILES_READ_ONLY = "received_files_read_only", _(
        "A received document's files are kept exactly as they arrived; sign or stamp a copy of it instead.")
    NOT_NUMBERED = "not_numbered", _("The document has no number.")
    NOT_SIGNED = "not_signed", _("The document is not signed by its signer.")
    NOT_SEALED = "not_sealed", _("The document has no organization signature (seal).")
    ALREADY_DISPATCHED = "already_dispatched", _("The document was already dispatched; it is never sent twice.")
    NO_ADDRESSEES = "no_addressees", _("The document has no addressees.")
    SECRET_OVER_AXIS = "secret_over_axis", _("Secret documents never travel over the national axis.")
    SIGNATURE_NOT_VALID = "signature_not_valid", _("A signature on the document is not valid: %(summary)s")
    DISPATCH_REFUSED = "dispatch_refused", _("The document cannot be dispatched yet: %(problems)s")
    NOT_DISPATCHED_NO_RECALL = "not_dispatched_no_recall", _(
        "The document was not dispatched; there is nothing to recall.")
    RECALL_REASON_REQUIRED = "recall_reason_required", _("A reason for the recall is required.")
    OUTGOING_RECALLED = "outgoing_recalled", _(
        "The document was recalled and is locked: it can no longer be edited, signed, sealed or dispatched.")
    NOT_DISPATCHED = "not_dispatched", _("The document has not been dispatched.")
    NO_RECIPIENT_CHANGE = "no_recipient_change", _("Choose recipients to add or to remove.")
    NOT_REPLACEABLE = "not_replaceable", _("Only a dispatched document of the same organization can be replaced.")
    REPLACED_HAS_NO_AXIS_RECIPIENTS = "replaced_has_no_axis_recipients", _(
        "The replaced document has no recipients over the axis.")

    # searches and registers
    SEARCH_NAME_REQUIRED = "search_name_required", _("Give the saved search a name.")
    SEARCH_EMPTY = "search_empty", _("There are no search conditions to save.")
    TOO_MANY_SAVED_SEARCHES = "too_many_saved_searches", _(
        "Each person may save at most %(limit)s searches; delete some first.")
    REGISTER_TOO_LARGE = "register_too_large", _(
        "The register has %(total)s rows, more than the %(limit)s of one file: narrow the period.")

    # what the API itself refuses before calling a service
    NO_SUCH_USER = "no_such_user", _("No such user in the organization.")
    NO_SUCH_LEADER = "no_such_leader", _("No such leader in the organization.")
    NO_SUCH_UNIT = "no_such_unit", _("No such unit in the organization.")
    UNIT_OR_USER = "unit_or_user", _("Give either a unit or a user.")
    NO_SUCH_REPLY = "no_such_reply", _("No such reply document.")


class RecordsError(ErrorCode):
    """Refusals of records management (hồ sơ, danh mục hồ sơ, lưu trữ). Each part adds its codes under
    its own heading."""

    # who may read a hồ sơ
    NOT_RECORD_ACCESS_MANAGER = "not_record_access_manager", _("You may not change who can read this file.")
    RECORD_DISPOSED = "record_disposed", _("The file was destroyed: nobody can be given access to it.")
    GRANTEE_NOT_A_MEMBER = "grantee_not_a_member", _(
        "Access to a file can be given only to people of the organization that made it.")
    BAD_ACCESS_MODE = "bad_access_mode", _("Unknown access mode for a file.")
    # --- access history (documents/selectors/access_log.py) ---
    NOT_ACCESS_HISTORY_READER = "not_access_history_reader", _(
        "Only the organization's clerks and leaders and the document's creator see who opened it.")
    NOT_ACCESS_REPORT_READER = "not_access_report_reader", _(
        "Only the organization's clerks and leaders see the access reports.")
    PRINT_NOT_READABLE = "print_not_readable", _(
        "This PDF cannot be read to make a printed copy; download the original file instead.")
    BAD_REPORT_PERIOD = "bad_report_period", _(
        "The period is not valid: give a start and an end date (dd/mm/yyyy), the start first, at most 366 days.")
