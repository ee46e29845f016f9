"""Persistence: one SQLAlchemy engine for the project database (SQLite by default, any SQLAlchemy URL)."""
