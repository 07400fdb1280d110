"""The counter's rules, free of Qt and of the database: plain functions over plain data."""
