"""Clients generated from contracts/openapi by `make client` (do not edit by hand)."""
