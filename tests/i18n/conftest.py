from tests.security.conftest import country  # noqa: F401  (the small seeded country)
