"""The ways an ingest cannot go on; each message is shown to the officer as it is."""

from __future__ import annotations

from ..codes import INGEST_CODES


class IngestError(Exception):
    """The export or the form definition cannot be used; the message says why, in Chinese.

    ``code`` names the kind of failure (see generator/codes.py and the officer guide).
    """

    code = "ingest-failed"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            if code not in INGEST_CODES:
                raise ValueError(f"ingest code {code!r} is not in generator/codes.py (nor in the officer guide)")
            self.code = code


class FormDefinitionError(IngestError):
    """A form definition in ``site_config/forms/`` is itself wrong."""

    code = "form-definition"


class ExportTooLarge(IngestError):
    """The export exceeds a size limit that protects the machine."""

    code = "export-too-large"
