"""The town's sync service: it applies each counter's operations on the central PostgreSQL, in
order and once (``apply``), with the rules of ``handlers``, behind an HTTP API (``app``)."""
