"""catpack on the web: the REST API and the owner's pages."""
