"""Pure steps from a document to rows: text, mentions, usage, affiliations, funders, signals."""
