"""unionsite: a trade union's public records as a static transparency website."""

from .problems import Problem, Report, Severity
from .project import Project, Settings
from .validation import Validation, validate_project

__all__ = ["Problem", "Project", "Report", "Settings", "Severity", "Validation", "validate_project"]
