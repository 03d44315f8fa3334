"""Turning validated records into site pages: view models in Python, HTML in templates."""

from .sitebuild import SiteBuild, build_date, make_site_build

__all__ = ["SiteBuild", "build_date", "make_site_build"]
