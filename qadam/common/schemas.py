"""What every app's API schemas share: ids the database can hold."""

from typing import Annotated

from ninja import Field

from qadam.common.audit import MAX_TEXT
from qadam.common.forms import MAX_ID

# An id in a request body: larger ones overflow the database's integer (a 500 on SQLite
# before), so they are a 422 naming the field.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Free text in a request body (a description, the mentors' names): at most MAX_TEXT
# characters, the limit the audited save keeps for every free-text field.
Text = Annotated[str, Field(max_length=MAX_TEXT)]
