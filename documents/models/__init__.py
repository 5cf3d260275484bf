"""Models of documents: the type catalog, registers, documents and files, and their handling."""

from .catalog import DocumentType
from .documents import Document, DocumentAccess, DocumentFile
from .outgoing import Addressee, Conversion, DraftComment, ReviewStep, SigningRoute
from .registers import Register
from .search import SavedSearch, SearchEntry  # noqa: F401
from .workflow import Assignment, Instruction, Presentation, ProgressNote, Reminder

__all__ = [
    "Addressee",
    "Conversion",
    "DraftComment",
    "ReviewStep",
    "SigningRoute",
    "Assignment",
    "Document",
    "DocumentAccess",
    "DocumentFile",
    "DocumentType",
    "Instruction",
    "Presentation",
    "ProgressNote",
    "Register",
    "Reminder",
]
