"""All Qt code lives in this package; the core (everything else) never imports it."""
