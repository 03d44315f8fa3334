"""The ways an ingest cannot go on; each message is shown to the officer as it is."""

from __future__ import annotations


class IngestError(Exception):
    """The export or the form definition cannot be used; the message says why, in Chinese."""


class FormDefinitionError(IngestError):
    """A form definition in ``site_config/forms/`` is itself wrong."""


class ExportTooLarge(IngestError):
    """The export exceeds a size limit that protects the machine."""
