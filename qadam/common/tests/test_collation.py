"""Lists in the reader's alphabetical order, numbers by value."""

from qadam.common.collation import sort_key


def test_kazakh_letters_sort_in_the_kazakh_alphabet():
    names = ["Қостанай", "Көкшетау", "Ақтөбе", "Әлия", "Атырау", "Ұлытау", "Үржар"]
    assert sorted(names, key=lambda n: sort_key(n, "kk")) == [
        "Ақтөбе",
        "Атырау",
        "Әлия",
        "Көкшетау",
        "Қостанай",
        "Ұлытау",
        "Үржар",
    ]  # қ comes before т


def test_numbers_sort_by_value_not_by_digits():
    names = ["Школа №10", "Школа №2", "Школа №1", "Школа №11"]
    assert sorted(names, key=lambda n: sort_key(n, "ru")) == [
        "Школа №1",
        "Школа №2",
        "Школа №10",
        "Школа №11",
    ]  # қ comes before т
