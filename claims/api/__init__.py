"""The public HTTP API. Version-agnostic pieces live here; each version is a package (``v1``)."""
