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
    # scan: reading a scan to fill the paper-entry form
    SCAN_EMPTY = "scan_empty", _("The scan file is empty.")
    SCAN_UNREADABLE = "scan_unreadable", _("The file is not a scan we can read: send a PDF, JPEG, PNG or TIFF file.")
    SCAN_TOO_LARGE = "scan_too_large", _("The scan is too large (at most 50 MB).")
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
    SEARCH_EXPORT_TOO_LARGE = "search_export_too_large", _(
        "The search found %(total)s documents, more than the %(limit)s one file may hold: narrow the search.")

    # correcting a document's metadata after entry
    METADATA_NOT_EDITOR = "metadata_not_editor", _(
        "Only a clerk or a leader of the organization may correct a document's metadata.")
    METADATA_SECRECY_LEADER_ONLY = "metadata_secrecy_leader_only", _(
        "Only a leader of the organization may change a document's secrecy.")
    METADATA_NOT_ISSUED = "metadata_not_issued", _(
        "An outgoing document's metadata is corrected once it is issued; until then the draft is edited in drafting.")
    METADATA_IN_ARCHIVE = "metadata_in_archive", _(
        "The document belongs to the archived work file %(code)s: its metadata can no longer be changed.")
    METADATA_REASON_REQUIRED = "metadata_reason_required", _("Give the reason for the correction.")
    METADATA_NOTHING_CHANGED = "metadata_nothing_changed", _("Nothing was changed.")
    METADATA_NOT_EDITABLE = "metadata_not_editable", _("The field %(field)s cannot be corrected for this document.")
    METADATA_BAD_VALUE = "metadata_bad_value", _("The value given for %(field)s is not valid.")

    # what the API itself refuses before calling a service
    NO_SUCH_USER = "no_such_user", _("No such user in the organization.")
    NO_SUCH_LEADER = "no_such_leader", _("No such leader in the organization.")
    NO_SUCH_UNIT = "no_such_unit", _("No such unit in the organization.")
    UNIT_OR_USER = "unit_or_user", _("Give either a unit or a user.")
    NO_SUCH_REPLY = "no_such_reply", _("No such reply document.")

    # handsigned: outgoing documents signed on paper
    SCAN_REQUIRED = "handsigned_scan_required", _("Attach the scan of the signed paper document.")
    SCAN_NOT_PDF_OR_IMAGE = "handsigned_scan_not_pdf_or_image", _(
        "The scan “%(name)s” is neither a PDF nor a readable image (JPEG, PNG, TIFF).")
    SIGNER_NAME_REQUIRED = "handsigned_signer_name_required", _("The signer's name and title are required.")
    SIGNED_ON_IN_FUTURE = "handsigned_signed_on_in_future", _("The signing date cannot be in the future.")
    TYPE_NOT_OUTGOING = "handsigned_type_not_outgoing", _(
        "“%(document_type)s” is a copy type, not a document the organization issues.")
    UNIT_OF_ANOTHER_ORGANIZATION = "handsigned_unit_of_another_organization", _(
        "The unit does not belong to this organization.")
    NOT_HANDSIGNED = "not_handsigned", _("This action is only for outgoing documents signed on paper.")
    COPY_ALREADY_SEALED = "handsigned_copy_already_sealed", _(
        "The digitized copy is already sealed, or the document was already dispatched.")
    COPY_NOT_SEALED = "handsigned_copy_not_sealed", _(
        "Apply the organization's digital signature to the digitized copy before sending it electronically.")
    ENVELOPES_INVALID = "handsigned_envelopes_invalid", _("The number of envelopes must be between 1 and 99.")
    # --- eonly: the e-only catalogue (775/VPCP-KSTT) and paper sent despite it ---
    NOT_AN_ADMIN_FOR_ELECTRONIC_ONLY = "electronic_only_not_admin", _(
        "Only an administrator of the organization may change its e-only catalogue.")
    COPY_OUTSIDE_ELECTRONIC_ONLY = "electronic_only_copy", _("Copies are outside the e-only catalogue.")
    ELECTRONIC_ONLY_NOTE_TOO_LONG = "electronic_only_note_too_long", _("The note is longer than 500 characters.")
    PAPER_REASON_REQUIRED = "paper_reason_required", _(
        "“%(type)s” is on the e-only catalogue and %(organization)s can receive it electronically: "
        "give the reason for sending it on paper.")
    PAPER_REASON_TOO_LONG = "paper_reason_too_long", _("The reason for sending on paper is longer than 500 characters.")


class RecordsError(ErrorCode):
    """Refusals of records management (hồ sơ, danh mục hồ sơ, lưu trữ). Each part adds its codes under
    its own heading."""

    # who may read a hồ sơ
    NOT_RECORD_ACCESS_MANAGER = "not_record_access_manager", _("You may not change who can read this file.")
    RECORD_DISPOSED = "record_disposed", _("The file was destroyed: nobody can be given access to it.")
    GRANTEE_NOT_A_MEMBER = "grantee_not_a_member", _(
        "Access to a file can be given only to people of the organization that made it.")
    BAD_ACCESS_MODE = "bad_access_mode", _("Unknown access mode for a file.")

    # the archive (nộp lưu, tiếp nhận, đọc hồ sơ lưu trữ)
    NOTHING_TO_SUBMIT = "nothing_to_submit", _("Choose at least one file to submit to the archive.")
    NOT_FOR_ARCHIVE = "not_for_archive", _(
        "The file %(code)s is kept less than 5 years: it stays at its unit and is not submitted to the archive.")
    NOT_CLOSED_FOR_SUBMISSION = "not_closed_for_submission", _(
        "The file %(code)s is “%(state)s”: only a closed file (or one kept back, or returned by the archive) can be "
        "submitted.")
    NOT_RECORD_SUBMITTER = "not_record_submitter", _(
        "Only the person who made the file, or the head of its unit, may submit it to the archive.")
    ONE_ORGANIZATION_PER_TRANSFER = "one_organization_per_transfer", _(
        "Files of different organizations cannot be submitted together.")
    EMPTY_RECORD = "empty_record", _("The file %(code)s has no documents: there is nothing to submit.")
    NOT_AN_ARCHIVIST = "not_an_archivist", _("Only the archive staff of the organization may do this.")
    NOT_SUBMITTED = "not_submitted", _("The file %(code)s is not waiting for the archive.")
    TRANSFER_DECIDED = "transfer_decided", _("This transfer has already been decided.")
    RETURN_REASON_REQUIRED = "return_reason_required", _("A reason is required to return a file.")
    RECORD_INCOMPLETE = "record_incomplete", _("The file %(code)s cannot be accepted: %(problems)s")
    RECORD_ARCHIVED = "record_archived", _("The file is kept in the archive and can no longer be changed.")
    RECORD_AT_ARCHIVE = "record_at_archive", _(
        "The file was submitted to the archive: it cannot be changed until the archive accepts or returns it.")
    NOT_ARCHIVED_FOR_READING = "not_archived_for_reading", _(
        "Only a file kept in the archive is read through a reading request.")
    NOT_A_MEMBER_FOR_READING = "not_a_member_for_reading", _(
        "Only people of the organization that keeps the file may ask to read it.")
    READING_PURPOSE_REQUIRED = "reading_purpose_required", _("Say why you need to read the file.")
    READING_UNTIL_REQUIRED = "reading_until_required", _("Give the last day you need to read the file.")
    READING_UNTIL_IN_PAST = "reading_until_in_past", _("The last day of reading cannot be earlier than today.")
    READING_UNTIL_TOO_FAR = "reading_until_too_far", _("Reading is granted for at most %(days)s days.")
    READING_ALREADY_PENDING = "reading_already_pending", _(
        "You already asked to read this file; the request is waiting for a leader.")
    NOT_A_LEADER_FOR_READING = "not_a_leader_for_reading", _(
        "Only a leader of the organization may approve or refuse a reading request.")
    READING_DECIDED = "reading_decided", _("This reading request has already been decided.")
    REFUSAL_REASON_REQUIRED = "refusal_reason_required", _("A reason is required to refuse a reading request.")
    # locking a hồ sơ on an authority's order
    NOT_A_LEADER_TO_FREEZE = "not_a_leader_to_freeze", _("Only a leader of the organization may lock or unlock a file.")
    FREEZE_REASON_REQUIRED = "freeze_reason_required", _("Give the order or the reason for locking the file.")
    RECORD_FROZEN = "record_frozen", _(
        "The file is locked (%(reason)s): nothing in it may be moved, changed or destroyed.")

    # work files (hồ sơ công việc): opening, filing, closing
    NOT_A_RECORD_HANDLER = "not_a_record_handler", _(
        "Only a person handling documents in the organization may open a file.")
    NOT_RECORD_OWNER = "not_record_owner", _("Only the person who made the file may change it.")
    RECORD_NOT_FOUND = "record_not_found", _("No such file, or you may not see it.")
    RECORD_READ_ONLY = "record_read_only", _("The file is “%(state)s”: its contents can no longer be changed.")
    RECORD_TITLE_REQUIRED = "record_title_required", _("A file needs a title.")
    RECORD_CODE_REQUIRED = "record_code_required", _("A file needs a code (số và ký hiệu hồ sơ).")
    RECORD_CODE_TAKEN = "record_code_taken", _(
        "The organization already has a file with code %(code)s in %(year)s.")
    BAD_RETENTION = "bad_retention", _(
        "The retention must be permanent or a whole number of years from 1 to %(max)s.")
    CATALOGUE_ENTRY_NOT_OPENABLE = "catalogue_entry_not_openable", _(
        "This row cannot be opened: it is not a file of your organization's approved catalogue.")
    CATALOGUE_ENTRY_ALREADY_OPENED = "catalogue_entry_already_opened", _(
        "A file was already opened from this catalogue row (%(code)s).")
    DOCUMENT_NOT_FOUND = "document_not_found", _("No such document, or you may not see it.")
    DOCUMENT_OTHER_ORGANIZATION = "document_other_organization", _(
        "Only documents of the file's organization can be put in it.")
    DOCUMENT_ALREADY_FILED = "document_already_filed", _("The document is already in file %(code)s.")
    DOCUMENT_ALREADY_FILED_ELSEWHERE = "document_already_filed_elsewhere", _(
        "The document is already in another file.")
    ITEM_NOT_FOUND = "item_not_found", _("No such item in this file.")
    BAD_ITEM_KIND = "bad_item_kind", _("Unknown kind of item for a file.")
    ITEM_TITLE_REQUIRED = "item_title_required", _("Give the name of the file you add.")
    UPLOAD_EMPTY = "upload_empty", _("The file is empty.")
    UPLOAD_TOO_LARGE = "upload_too_large", _("The file is larger than %(limit)s MB.")
    RECORD_EMPTY = "record_empty", _("An empty file cannot be closed: add its documents first.")
    RECORD_NOT_OPEN = "record_not_open", _("Only an open file can be closed.")
    RECORD_NOT_REOPENABLE = "record_not_reopenable", _(
        "Only a closed file that has not been submitted to the archive can be reopened.")
    REOPEN_REASON_REQUIRED = "reopen_reason_required", _("Say why the file is reopened.")

    # keeping back (Điều 31.3.d), handover (Điều 31.3.đ), retention and disposal
    NOT_KEEP_BACK_REQUESTER = "not_keep_back_requester", _(
        "Only the person who made the file or the head of its unit may ask to keep it back.")
    KEEP_BACK_NOT_DUE = "keep_back_not_due", _(
        "Only a closed file that goes to the archive and is due there (or nearly due) can be kept back.")
    KEEP_BACK_TOO_LONG = "keep_back_too_long", _(
        "A file may be kept back at most %(years)s years past its due date, until %(latest)s.")
    KEEP_BACK_DATE_PAST = "keep_back_date_past", _(
        "The date to keep the file until must be later than today and than its due date.")
    KEEP_BACK_REASON_REQUIRED = "keep_back_reason_required", _("Give the reason for keeping the file back.")
    KEEP_BACK_PENDING = "keep_back_pending", _("A request to keep this file back is already waiting for the head.")
    KEEP_BACK_NOT_PENDING = "keep_back_not_pending", _("This request has already been answered.")
    NOT_RECORDS_LEADER = "not_records_leader", _("Only a leader of the organization may decide this.")
    APPROVAL_REFERENCE_REQUIRED = "approval_reference_required", _(
        "Give the number and date of the document that approves it.")
    APPROVAL_DATE_FUTURE = "approval_date_future", _("The date of the approving document cannot be in the future.")
    NOT_HANDOVER_MANAGER = "not_handover_manager", _("You may not hand over this person's files.")
    HANDOVER_RECIPIENT = "handover_recipient", _(
        "Files can be handed over only to another active person of the same organization.")
    HANDOVER_OTHER_UNIT = "handover_other_unit", _("A unit head hands files over only to a person of the unit.")
    HANDOVER_NOT_DESIGNATED = "handover_not_designated", _(
        "Your unit head has not named this colleague to receive your files.")
    HANDOVER_NOTHING = "handover_nothing", _("There is no file to hand over.")
    HANDOVER_REASON_REQUIRED = "handover_reason_required", _("Give the reason for the handover.")
    HANDOVER_RECORD_NOT_HELD = "handover_record_not_held", _(
        "File %(code)s is not held by this person, or is already with the archive.")
    NOT_DISPOSAL_PROPOSER = "not_disposal_proposer", _("Only archive staff may propose a disposal list.")
    NOT_DISPOSAL_DECIDER = "not_disposal_decider", _(
        "Only a leader of the organization may decide the disposal of files.")
    DISPOSAL_EMPTY = "disposal_empty", _("A disposal list needs at least one file.")
    DISPOSAL_PERMANENT = "disposal_permanent", _("File %(code)s is kept permanently and can never be destroyed.")
    DISPOSAL_NOT_EXPIRED = "disposal_not_expired", _("The retention period of file %(code)s has not ended.")
    DISPOSAL_NOT_ELIGIBLE = "disposal_not_eligible", _(
        "File %(code)s is neither in the archive nor kept at its unit after closing: it cannot be destroyed.")
    DISPOSAL_ALREADY_LISTED = "disposal_already_listed", _("File %(code)s is already on another disposal list.")
    DISPOSAL_NUMBER_REQUIRED = "disposal_number_required", _("Give the number and date of the disposal decision.")
    DISPOSAL_DATE_FUTURE = "disposal_date_future", _("The date of the decision cannot be in the future.")
    DISPOSAL_SIGNER = "disposal_signer", _("The decision must be signed by a leader of the organization.")
    DISPOSAL_REASON_REQUIRED = "disposal_reason_required", _(
        "Give the reason for the disposal and the opinion of the appraisal council.")
    DISPOSAL_NOT_DECIDED = "disposal_not_decided", _(
        "Nothing is destroyed before the head's decision on the list is recorded.")
    DISPOSAL_ALREADY_EXECUTED = "disposal_already_executed", _("This decision has already been carried out.")
    DISPOSAL_NOT_PROPOSED = "disposal_not_proposed", _("This list is no longer waiting for a decision.")
    DISPOSAL_NUMBER_TAKEN = "disposal_number_taken", _("A decision with this number and date is already recorded.")

    # --- access history (documents/selectors/access_log.py) ---
    NOT_ACCESS_HISTORY_READER = "not_access_history_reader", _(
        "Only the organization's clerks and leaders and the document's creator see who opened it.")
    NOT_ACCESS_REPORT_READER = "not_access_report_reader", _(
        "Only the organization's clerks and leaders see the access reports.")
    PRINT_NOT_READABLE = "print_not_readable", _(
        "This PDF cannot be read to make a printed copy; download the original file instead.")
    BAD_REPORT_PERIOD = "bad_report_period", _(
        "The period is not valid: give a start and an end date (dd/mm/yyyy), the start first, at most 366 days.")


class CatalogueError(ErrorCode):
    """Refusals of the yearly file catalogue (danh mục hồ sơ, NĐ30 Điều 28)."""

    # who may act
    NOT_A_DRAFTER = "catalogue_not_a_drafter", _(
        "Only a clerk or a leader of the organization may draw up its file catalogue.")
    NOT_THE_HEAD = "catalogue_not_the_head", _(
        "Only the head of the organization (a leader) may approve or reopen its file catalogue.")
    NOT_FOUND = "catalogue_not_found", _("No such file catalogue for you.")
    # states and rules
    ALREADY_EXISTS = "catalogue_already_exists", _("The organization already has a file catalogue for %(year)s.")
    YEAR_OUT_OF_RANGE = "catalogue_year_out_of_range", _("The year must be between %(low)s and %(high)s.")
    NOT_A_DRAFT = "catalogue_not_a_draft", _(
        "The file catalogue of %(year)s is approved: it is read-only until its head reopens it.")
    NOT_APPROVED = "catalogue_not_approved", _("The file catalogue is not approved; there is nothing to reopen.")
    NO_PREVIOUS = "catalogue_no_previous", _("The organization has no file catalogue before %(year)s to copy.")
    NOT_EMPTY = "catalogue_not_empty", _(
        "The file catalogue already has rows: copying last year's would mix the two. Remove its rows first.")
    EMPTY = "catalogue_empty", _("The file catalogue has no file rows: there is nothing to approve.")
    DECISION_REQUIRED = "catalogue_decision_required", _(
        "Give the number and the date of the decision that issues the file catalogue.")
    REOPEN_REASON_REQUIRED = "catalogue_reopen_reason_required", _("Give the reason for reopening the catalogue.")
    ENTRY_IN_USE = "catalogue_entry_in_use", _(
        "Row %(code)s already has work files opened from it; it cannot be removed.")
    # one row
    TITLE_REQUIRED = "catalogue_title_required", _("The title is required.")
    TOO_LONG = "catalogue_too_long", _("%(field)s is longer than %(limit)s characters.")
    CODE_REQUIRED = "catalogue_code_required", _("A file row needs its number and symbol (số và ký hiệu hồ sơ).")
    CODE_DUPLICATE = "catalogue_code_duplicate", _("The code %(code)s is already used in this catalogue.")
    RETENTION_REQUIRED = "catalogue_retention_required", _("A file row needs its retention period.")
    RETENTION_UNKNOWN = "catalogue_retention_unknown", _(
        "“%(text)s” is not a retention period: write “Vĩnh viễn” or a number of years such as “10 năm”.")
    HEADING_HAS_FILE_FIELDS = "catalogue_heading_has_file_fields", _(
        "A heading has no code, retention period or person responsible.")
    FILE_BEFORE_HEADING = "catalogue_file_before_heading", _("A file row must come under a heading (I., II., …).")
    SUBHEADING_BEFORE_HEADING = "catalogue_subheading_before_heading", _(
        "A sub-heading (1., 2., …) must come under a heading (I., II., …).")
    NOT_A_HEADING = "catalogue_not_a_heading", _(
        "A row without a code must be a heading: “I. …” for a main heading, “1. …” for a sub-heading.")
    # the imported sheet
    IMPORT_NOT_XLSX = "catalogue_import_not_xlsx", _("The file is not an Excel workbook (.xlsx).")
    IMPORT_TOO_LARGE = "catalogue_import_too_large", _(
        "The workbook is too large: at most %(limit)s rows and %(megabytes)s MB.")
    IMPORT_NO_HEADER = "catalogue_import_no_header", _(
        "No table in the Phụ lục V layout was found: the columns (1) to (5), or their titles, are missing.")
    IMPORT_NO_ROWS = "catalogue_import_no_rows", _("The table has no file rows.")
    IMPORT_FORMULA = "catalogue_import_formula", _("A cell holds a formula; type its value instead.")
    IMPORT_ROW = "catalogue_import_row", _("Row %(row)s: %(problem)s")
    IMPORT_REFUSED = "catalogue_import_refused", _("Nothing was imported: %(count)s problems in the sheet.")


class CopyError(ErrorCode):
    """Copies of documents (sao y, sao lục, trích sao)."""

    FORM_UNKNOWN = "copy_form_unknown", _("Choose the copy form: sao y (SY), sao lục (SL) or trích sao (TrS).")
    MODE_UNKNOWN = "copy_mode_unknown", _(
        "Choose how the copy is made: electronic or paper original, electronic or paper copy.")
    MAY_NOT_REQUEST = "copy_may_not_request", _("Only a clerk or a specialist of the organization may request a copy.")
    PAGES_REQUIRED = "copy_pages_required", _("An extract (trích sao) needs the pages to copy: from page … to page ….")
    PAGES_OUTSIDE = "copy_pages_outside", _(
        "Pages %(first)s to %(last)s are not in the document: it has %(count)s pages.")
    PAGES_ONLY_FOR_EXTRACT = "copy_pages_only_for_extract", _(
        "Only an extract (trích sao) copies some pages; a sao y or sao lục copies the whole document.")
    NO_ELECTRONIC_ORIGINAL = "copy_no_electronic_original", _(
        "The document has no PDF file to copy from; copy it from the paper original (upload its scan).")
    SCAN_REQUIRED = "copy_scan_required", _("Upload the scan of the paper original (a PDF file).")
    SCAN_NOT_PDF = "copy_scan_not_pdf", _("The scan must be a readable PDF file.")
    SIGNER_NOT_LEADER = "copy_signer_not_leader", _("The copy is signed by a leader of the organization.")
    NOT_WAITING_SIGNATURE = "copy_not_waiting_signature", _("This copy is not waiting for a signature.")
    NOT_WAITING_SEAL = "copy_not_waiting_seal", _("This copy is not signed yet, or is already sealed.")
    NOT_PAPER = "copy_not_paper", _("Only a paper copy is printed; an electronic copy is signed and sealed.")
    NOT_ELECTRONIC = "copy_not_electronic", _("A paper copy is printed and signed by hand, not signed digitally.")
    PRINT_COUNT = "copy_print_count", _("Give the number of paper copies printed (1 to 500).")
    ORIGINAL_NOT_FINAL = "copy_original_not_final", _(
        "Only a received document, or an outgoing one once issued, can be copied.")
    SOURCE_COPY_ONLY_FOR_TRANSCRIPT = "copy_source_copy_only_for_transcript", _(
        "Only a sao lục is made from a sao y copy.")
    SOURCE_COPY_NOT_USABLE = "copy_source_copy_not_usable", _(
        "A sao lục is made from a finished sao y (signed and sealed, or printed) of the same document.")
    SECRET = "copy_secret", _("Secret documents are copied under the law on state secrets, not in this system.")
