"""Refusing an oversized upload while it streams in, in the upload view only (the
project-wide request limits stay Django's defaults)."""

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitHandler(FileUploadHandler):
    """Counts the bytes of the uploaded file and stops the upload past `limit`: the rest
    of the body is read and dropped, and `too_large` tells the view to say why.

    It goes first, before the handler that stores the file (a temporary file, never
    memory: FILE_UPLOAD_MAX_MEMORY_SIZE does not matter here)."""

    def __init__(self, request: Any, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
