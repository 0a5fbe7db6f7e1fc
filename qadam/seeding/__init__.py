"""The national demo dataset, end to end: `qadam seed` builds every app's part in order."""
