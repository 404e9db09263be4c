"""The claim store: SQLModel models, the engine, migrations and query functions."""
