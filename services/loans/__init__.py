"""The loans service (SPEC §4.2, issue 4): so far only the pure interest and subsidy engine (interest.py)."""
