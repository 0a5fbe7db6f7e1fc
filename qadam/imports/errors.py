"""What stops an import before any row is looked at."""


class MalformedFile(Exception):
    """The file cannot be read as a table of the kind's columns; `messages` say why."""

    def __init__(self, *messages: str) -> None:
        super().__init__("\n".join(messages))
        self.messages = list(messages)
