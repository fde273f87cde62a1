"""API version 1: within v1, changes are additions only (docs/api.md, "Compatibility")."""
