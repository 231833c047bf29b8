"""Court-ready case bundles (证据包): the selection, the stamped and redacted copies, the
证据目录, AV sidecars, the dual-hash manifest, the BagIt package, the audit extract, and
independent verification. Pure core: no Qt. The facade entry point is
``Workstation.export_bundle`` (workstation/session_bundle.py); ``verify_bundle`` needs no
archive at all. Format: docs/bundle-format.md."""
