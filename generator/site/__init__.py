"""Turning validated records into site pages: view models in Python, HTML in templates."""
