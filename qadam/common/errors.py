"""Domain errors that a user can act on."""


class ApplicationError(Exception):
    """A domain rule was broken; `field_errors` maps a field name to its messages."""

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}
