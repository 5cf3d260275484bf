"""Every action the audit log records: `audit_record` takes nothing else.

The values are what is stored in `AuditEvent.action` (and hashed into the chain), so a value is
never renamed: add a member for a new action. Actions built from a code (the signature kind, the
status code, the alert's suggested action) have one member per possible code; build them with
`AuditAction(f"...")`, which raises ValueError for a code that has none.
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # The administration (Django admin): before/after of the object
    ADMIN_CREATE = "admin.create"
    ADMIN_CHANGE = "admin.change"
    ADMIN_DELETE = "admin.delete"

    # The audit log itself
    AUDIT_ANCHOR = "audit.anchor"
    AUDIT_EXPORT = "audit.export"
    AUDIT_UPGRADE = "audit.upgrade"

    # Backups (issue 15): a restore is recorded in the restored chain
    BACKUP_RESTORE = "backup.restore"

    # Records packages (hồ sơ export and import, issue 15)
    RECORD_PACKAGE_EXPORT = "record.package.export"
    RECORD_PACKAGE_IMPORT = "record.package.import"

    # Alerts
    ALERT_ACKNOWLEDGE = "alert.acknowledge"
    ALERT_CLOSE = "alert.close"
    ALERT_ACTION_RETRY = "alert.action.retry"
    ALERT_ACTION_RESEND = "alert.action.resend"
    ALERT_ACTION_REGISTER = "alert.action.register"
    ALERT_ACTION_SEND_STATUS = "alert.action.send_status"

    # Handling incoming documents
    ASSIGNMENT_COMPLETE = "assignment.complete"
    ASSIGNMENT_PROGRESS = "assignment.progress"
    ASSIGNMENT_REDISTRIBUTE = "assignment.redistribute"
    DOCUMENT_REMIND = "document.remind"

    # The file catalogue (danh mục hồ sơ)
    CATALOGUE_CREATE = "catalogue.create"
    CATALOGUE_COPY = "catalogue.copy"
    CATALOGUE_IMPORT = "catalogue.import"
    CATALOGUE_APPROVE = "catalogue.approve"
    CATALOGUE_REOPEN = "catalogue.reopen"
    CATALOGUE_ENTRY_ADD = "catalogue.entry.add"
    CATALOGUE_ENTRY_CHANGE = "catalogue.entry.change"
    CATALOGUE_ENTRY_REMOVE = "catalogue.entry.remove"
    CATALOGUE_ENTRY_MOVE = "catalogue.entry.move"

    # Certificates, keys, signatures
    CERTIFICATE_IMPORT = "certificate.import"
    CERTIFICATE_REVOKE = "certificate.revoke"
    DOCUMENT_FILE_EXTERNAL_PREPARE = "document_file.external_prepare"
    DOCUMENT_FILE_SIGN_LEADER = "document_file.sign_leader"
    DOCUMENT_FILE_SIGN_SEAL = "document_file.sign_seal"
    DOCUMENT_FILE_SIGN_ATTACHMENT = "document_file.sign_attachment"
    DOCUMENT_FILE_VERIFY = "document_file.verify"
    # Long-term proof of an archived hồ sơ's signed files (PAdES B-LTA)
    RECORD_LONGTERM_PROOF_ADD = "record.longterm_proof_add"
    RECORD_LONGTERM_PROOF_RENEW = "record.longterm_proof_renew"
    RECORD_LONGTERM_PROOF_FAILED = "record.longterm_proof_failed"
    EXTERNAL_SESSION_PURGE = "external_session.purge"
    PKI_DEMO_KEYS_ISSUE = "pki.demo_keys_issue"
    PKI_REGISTER = "pki.register"
    SIGNATURE_IMAGE_SET = "signature_image.set"
    SIGNING_KEY_DEACTIVATE = "signing_key.deactivate"
    SIGNING_KEY_REGISTER = "signing_key.register"
    SIGNING_KEY_STORE_PKCS12 = "signing_key.store_pkcs12"
    SIGNING_KEY_UNLOCK = "signing_key.unlock"
    SIGNING_KEY_WRONG_PIN = "signing_key.wrong_pin"
    SIGNING_KEY_CHANGE_PIN = "signing_key.change_pin"
    SIGNING_KEY_UPGRADE = "signing_key.upgrade"
    SIGNING_KEYS_REWRAP = "signing_keys.rewrap"

    # Organizations, people, delegation
    DELEGATION_CREATE = "delegation.create"
    DELEGATION_REVOKE = "delegation.revoke"
    ORGANIZATION_CREATE = "organization.create"
    ORGANIZATION_UPDATE = "organization.update"
    USER_CREATE = "user.create"

    # Signing in
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGIN_LOCKED = "auth.login_locked"
    LOGIN_UNLOCKED = "auth.login_unlocked"
    LOGOUT = "auth.logout"
    SECOND_FACTOR_ENROLLED = "auth.second_factor.enrolled"
    SECOND_FACTOR_CONFIRMED = "auth.second_factor.confirmed"
    SECOND_FACTOR_VERIFIED = "auth.second_factor.verified"
    SECOND_FACTOR_FAILED = "auth.second_factor.failed"
    SECOND_FACTOR_RECOVERY_USED = "auth.second_factor.recovery_used"
    SECOND_FACTOR_RECOVERY_REGENERATED = "auth.second_factor.recovery_regenerated"
    SECOND_FACTOR_REMOVED = "auth.second_factor.removed"

    # Incoming documents
    INCOMING_ARRIVED = "incoming.arrived"
    INCOMING_INSTRUCT = "incoming.instruct"
    INCOMING_PRESENT = "incoming.present"
    INCOMING_RECALL_AGREE = "incoming.recall_agree"
    INCOMING_RECALL_REFUSE = "incoming.recall_refuse"
    INCOMING_RECALL_REQUESTED = "incoming.recall_requested"
    INCOMING_REGISTER = "incoming.register"
    INCOMING_REJECT = "incoming.reject"
    INCOMING_REPLACE = "incoming.replace"
    INCOMING_UPDATE = "incoming.update"

    # Documents: metadata corrected after entry, search results taken away
    DOCUMENT_METADATA_EDIT = "document.metadata_edit"
    SEARCH_EXPORT = "search.export"

    # Outgoing documents
    OUTGOING_DISPATCH = "outgoing.dispatch"
    OUTGOING_DRAFT = "outgoing.draft"
    OUTGOING_NEW_VERSION = "outgoing.new_version"
    OUTGOING_NUMBER_RESERVED = "outgoing.number_reserved"
    OUTGOING_RECALL = "outgoing.recall"
    OUTGOING_REPLACE = "outgoing.replace"
    OUTGOING_REVIEW_APPROVE = "outgoing.review.approve"
    OUTGOING_REVIEW_RETURN = "outgoing.review.return"
    OUTGOING_SEAL = "outgoing.seal"
    OUTGOING_SEND_BACK = "outgoing.send_back"
    OUTGOING_SIGN = "outgoing.sign"
    OUTGOING_SUBMIT = "outgoing.submit"
    OUTGOING_UPDATE_RECIPIENTS = "outgoing.update_recipients"
    OUTGOING_WITHDRAW = "outgoing.withdraw"
    REGISTER_OPEN = "register.open"

    # The outbox (one status member per edXML status code, interchange.edxml.codes)
    OUTBOUND_ENQUEUE = "outbound.enqueue"
    OUTBOUND_FAILED = "outbound.failed"
    OUTBOUND_RETRY = "outbound.retry"
    STATUS_ENQUEUE_01 = "status.enqueue.01"
    STATUS_ENQUEUE_02 = "status.enqueue.02"
    STATUS_ENQUEUE_03 = "status.enqueue.03"
    STATUS_ENQUEUE_04 = "status.enqueue.04"
    STATUS_ENQUEUE_05 = "status.enqueue.05"
    STATUS_ENQUEUE_06 = "status.enqueue.06"
    STATUS_ENQUEUE_13 = "status.enqueue.13"
    STATUS_ENQUEUE_15 = "status.enqueue.15"
    STATUS_ENQUEUE_16 = "status.enqueue.16"

    # Records (hồ sơ, lưu trữ): who may read a hồ sơ
    RECORD_ACCESS_GRANT = "record.access.grant"
    RECORD_ACCESS_REVOKE = "record.access.revoke"
    RECORD_ACCESS_MODE = "record.access.mode"
    RECORD_FREEZE = "record.freeze"
    RECORD_UNFREEZE = "record.unfreeze"
    # Records: work files (hồ sơ công việc)
    RECORD_OPEN = "record.open"
    RECORD_EDIT = "record.edit"
    RECORD_ITEM_ADD = "record.item.add"
    RECORD_ITEM_MOVE = "record.item.move"
    RECORD_ITEM_REMOVE = "record.item.remove"
    RECORD_CLOSE = "record.close"
    RECORD_REOPEN = "record.reopen"

    # Records: the archive (nộp lưu, tiếp nhận, đọc hồ sơ lưu trữ)
    RECORD_ARCHIVE_SUBMIT = "record.archive.submit"
    RECORD_ARCHIVE_RETURN = "record.archive.return"
    RECORD_ARCHIVE_ACCEPT = "record.archive.accept"
    RECORD_READING_REQUEST = "record.reading.request"
    RECORD_READING_APPROVE = "record.reading.approve"
    RECORD_READING_REFUSE = "record.reading.refuse"

    # Records: keeping back, handover and disposal
    RECORD_KEEP_BACK_REQUEST = "record.keep_back.request"
    RECORD_KEEP_BACK_APPROVE = "record.keep_back.approve"
    RECORD_KEEP_BACK_REFUSE = "record.keep_back.refuse"
    RECORD_KEEP_BACK_END = "record.keep_back.end"
    RECORD_HANDOVER_DESIGNATE = "record.handover.designate"
    RECORD_HANDOVER = "record.handover"
    RECORD_DISPOSAL_PROPOSE = "record.disposal.propose"
    RECORD_DISPOSAL_DECIDE = "record.disposal.decide"
    RECORD_DISPOSAL_REFUSE = "record.disposal.refuse"
    RECORD_DISPOSAL_EXECUTE = "record.disposal.execute"
    RECORD_DISPOSED = "record.disposed"
    RECORD_DISPOSAL_BLOBS = "record.disposal.blobs"

    # scan: a paper document's scan read by OCR, and its searchable (OCR'd) version
    SCAN_UPLOADED = "scan.uploaded"
    SCAN_OCR_DONE = "scan.ocr_done"

    # Written only by the audit log's own tests
    TEST_AFTER = "test.after"
    TEST_EVENT = "test.event"
    TEST_ROLLED_BACK = "test.rolled_back"

    # handsigned: outgoing documents signed on paper (registered, digitized copy sealed, dispatched)
    HANDSIGNED_REGISTER = "outgoing.handsigned.register"
    HANDSIGNED_SEAL = "outgoing.handsigned.seal"
    HANDSIGNED_DISPATCH = "outgoing.handsigned.dispatch"
    # Delegation in the UI (issue 16, part "delegation")
    DELEGATION_END = "delegation.end"
    # eonly: the e-only catalogue (775/VPCP-KSTT) and paper sent despite it
    ELECTRONIC_ONLY_CHANGE = "catalogue.electronic_only.change"
    OUTGOING_PAPER_DESPITE_ELECTRONIC_ONLY = "outgoing.paper_despite_electronic_only"
    # copies: sao y, sao lục, trích sao (NĐ30 Điều 25–27)
    COPY_REQUEST = "copy.request"
    COPY_SIGN = "copy.sign"
    COPY_SEAL = "copy.seal"
    COPY_PRINT = "copy.print"
    COPY_REGISTER_EXPORT = "copy.register_export"


# For AuditEvent.action: the stored value is shown as it is (admin list, filter and search).
AUDIT_ACTION_CHOICES = [(action.value, action.value) for action in AuditAction]
