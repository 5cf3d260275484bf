"""Models of documents: the type catalog, registers, documents and files, and their handling."""

from documents.models.access_log import FileAccess
from documents.models.catalog import DocumentType, ElectronicOnlyEntry
from documents.models.copies import CopyFile, CopyRegister, DocumentCopy
from documents.models.documents import Document, DocumentAccess, DocumentFile
from documents.models.longterm import LongTermProof
from documents.models.metadata import MetadataChange
from documents.models.notices import Notice
from documents.models.outgoing import Addressee, Conversion, DraftComment, ReviewStep, SigningRoute
from documents.models.post_register import PostRegisterEntry
from documents.models.records import CatalogueEntry, FileCatalogue, RecordFile, RecordFileAccess, RecordItem
from documents.models.records_archive import (
    ArchiveDueNotice,
    ArchiveReadingRequest,
    ArchiveTransfer,
    ArchiveTransferItem,
)
from documents.models.records_disposal import (  # noqa: F401
    DisposalDecision,
    DisposalItem,
    Handover,
    HandoverDesignation,
    KeepBack,
)
from documents.models.registers import Register
from documents.models.scan import ScanReading
from documents.models.search import SavedSearch, SearchEntry  # noqa: F401
from documents.models.workflow import Assignment, Instruction, Presentation, ProgressNote, Reminder

__all__ = [
    "ArchiveDueNotice",
    "ArchiveReadingRequest",
    "ArchiveTransfer",
    "ArchiveTransferItem",
    "Addressee",
    "CatalogueEntry",
    "FileCatalogue",
    "LongTermProof",
    "RecordFile",
    "RecordFileAccess",
    "RecordItem",
    "Conversion",
    "CopyFile",
    "CopyRegister",
    "DocumentCopy",
    "DraftComment",
    "ReviewStep",
    "SigningRoute",
    "Assignment",
    "Document",
    "DocumentAccess",
    "DocumentFile",
    "DocumentType",
    "ElectronicOnlyEntry",
    "FileAccess",
    "Instruction",
    "Notice",
    "MetadataChange",
    "PostRegisterEntry",
    "Presentation",
    "ProgressNote",
    "Register",
    "Reminder",
    "ScanReading",
]
