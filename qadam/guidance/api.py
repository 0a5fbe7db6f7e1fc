"""Career-guidance endpoints under /api/v1/guidance/. Pupils use them without an account:
the diagnostic and its results are reached with the pupil's own codes."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Router, Status

from qadam.guidance import selectors, services
from qadam.guidance.models import DiagnosticSession
from qadam.guidance.recommend import specialty_names
from qadam.guidance.schemas import InstrumentOut, ResultOut, SubmissionIn
from qadam.registry.schemas import ErrorOut

router = Router(tags=["guidance"])


def _result(session: DiagnosticSession) -> dict[str, object]:
    picks = selectors.session_picks(session=session)
    names = specialty_names([pick.specialty_id for pick in picks])
    return ResultOut.of(session, picks, names)


@router.get("/instrument", response=InstrumentOut, auth=None)
def get_instrument(request: HttpRequest) -> dict[str, object]:
    """The current item bank in the request's language (Accept-Language or ?lang)."""
    instrument = services.current_instrument()
    language = (get_language() or "ru")[:2]
    labels = instrument.metadata.get("response_scale", {}).get("labels", {})
    return {
        "code": instrument.code,
        "version": instrument.version,
        "name": instrument.text("name"),
        "prompt": instrument.text("prompt"),
        "response_labels": {k: v.get(language) or v.get("en", "") for k, v in labels.items()},
        "items": [
            {"code": i.code, "scale": i.scale, "text": i.text}
            for i in selectors.instrument_items(instrument=instrument)
        ],
    }


@router.post(
    "/submissions",
    response={200: ResultOut, 201: ResultOut, 422: ErrorOut},
    auth=None,
)
def submit(request: HttpRequest, payload: SubmissionIn) -> object:
    """Score a complete diagnostic. 201 when stored now, 200 when this client id was
    already stored (the stored result is returned unchanged). Each recommendation carries
    its interest fit, its score (fit and outlook weighed) and its outlook in the pupil's
    region the year they could graduate."""
    session, created = services.submission_create(
        client_id=payload.client_id,
        details=services.PupilDetails(
            language=payload.language,
            age=payload.age,
            region_id=payload.region_id,
            school_id=payload.school_id,
            share_with_counsellor=payload.share_with_counsellor,
        ),
        consent=payload.consent,
        answers=payload.answers,
        skills=payload.skills,
        event_code=payload.event_code,
        user=request.user if request.user.is_authenticated else None,
    )
    return Status(201 if created else 200, _result(session))


@router.get("/results/{resume_code}", response={200: ResultOut, 404: ErrorOut}, auth=None)
def get_results(request: HttpRequest, resume_code: str) -> object:
    try:
        session = selectors.session_by_code(resume_code=resume_code)
    except ObjectDoesNotExist:
        raise Http404 from None
    return _result(session)
