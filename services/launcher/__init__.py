"""The launcher, above the services: the `ruralwatch` command, the development stack (PostgreSQL, the
broker, the service processes) and the pytest plugin built on it. It may import every service; no
service imports it (import-linter's layers contract)."""
