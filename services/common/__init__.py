"""Shared kernel of ruralwatch: settings, database, events, outbox/inbox, auth, calendar, PII helpers.

It holds no domain logic; services import from here and never from each other.
"""
