"""The loans service (SPEC §4): not built yet; its issue adds it. The package exists so the import contract names it."""
