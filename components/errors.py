"""Errors a user can cause and fix, shown as one clear message rather than a traceback."""


class ModelNotFound(RuntimeError):
    """The configured spaCy pipeline is not installed or cannot extract entities."""


class StoreError(RuntimeError):
    """The store cannot be written (no permission, a full disk): the message says what and where."""
