"""The desktop application (PySide6): the only part of Archivist that imports Qt."""
