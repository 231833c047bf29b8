"""Export dialogs (court bundles)."""
