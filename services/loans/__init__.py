"""The loans service: small poverty-alleviation loans, repayments, quarterly interest subsidies, overdue
episodes and reminders, on a pure interest engine (interest.py) and the households projection."""
