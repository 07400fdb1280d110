"""The sync of offline counters with the town's server (``docs/SYNC.md``): the operations a
counter writes in its outbox (``ops``), and how their chain is checked (``outbox``)."""
