"""Every edit page is saved unchanged, as a browser submits it, in kk, ru and en by one of
the round-trip tests; a new edit page fails here until it is."""

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from qadam.common.forms import SeenValuesForm

ROOT = Path(__file__).resolve().parents[2]
ROUND_TRIPS = {
    "registry:student_edit": "tests/forms/test_edit_forms_round_trip.py",
    "registry:program_edit": "tests/forms/test_edit_forms_round_trip.py",
    "placements:offer_edit": "tests/forms/test_edit_forms_round_trip.py",
    "agreements:agreement_edit": "qadam/agreements/tests/test_edit_forms.py",
    "agreements:obligation_update": "qadam/agreements/tests/test_edit_forms.py",
    "agreements:mobility_edit": "qadam/agreements/tests/test_edit_forms.py",
    "planning:scenario_edit": "qadam/planning/tests/test_edit_forms.py",
    "dashboard:kpi_target_edit": "qadam/dashboard/tests/test_edit_forms.py",
    "joint:programme_edit": "qadam/joint/tests/test_edit_forms.py",
}
EDIT_SUFFIXES = ("_edit", "_update")


def url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= subclasses(sub)
    return found


def test_every_edit_page_has_a_round_trip_test():
    edit_pages = {name for name in url_names(get_resolver()) if name.endswith(EDIT_SUFFIXES)}
    assert edit_pages == set(ROUND_TRIPS)
    for module in set(ROUND_TRIPS.values()):
        source = (ROOT / module).read_text()
        assert "form_submission" in source, f"{module} does not submit as a browser does"
        assert '["kk", "ru", "en"]' in source, f"{module} does not try every language"


def test_every_edit_form_carries_the_values_its_user_saw():
    assert get_resolver().url_patterns  # imports every app's views, hence its forms
    forms = {form.__name__ for form in subclasses(SeenValuesForm)}
    assert {
        "StudentForm",
        "ProgramForm",
        "OfferForm",
        "AgreementForm",
        "ObligationForm",
        "MobilityForm",
        "ScenarioForm",
        "PlansForm",
        "ProgrammeForm",
    } <= forms
