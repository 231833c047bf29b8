"""Archive core: catalog, evidence store, ingest, integrity, audit, access. No Qt here."""
