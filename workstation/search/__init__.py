"""Full-text search (Chinese): public API. The schema, analyzer, query building and index
writing are private modules of this package."""
