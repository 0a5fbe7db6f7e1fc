"""The anonymised inputs an outside auditor re-runs with any stable-matching implementation.

Students are numbered 1..n in lottery order (the number carries no registry id, name or
IIN), offers 1..m in the order of their ids. Each offer's priority is its applicants from
best to worst: higher score first, equal scores to the lower student number (the lottery).
The certified result is given in the same numbers, so the auditor compares assignments.
"""

import numpy as np

from qadam.placements.certificate.documents import FORMAT, Document

ABOUT = (
    "Students (1..n, lottery order) rank offers (1..m), most preferred first; each offer "
    "ranks its applicants by score, higher first, ties to the lower student number. The "
    "result is the student-proposing deferred acceptance (student-optimal stable) matching."
)


def _split(values: np.ndarray, counts: np.ndarray) -> list[list[float]]:
    return (
        [part.tolist() for part in np.split(values, np.cumsum(counts)[:-1])] if counts.size else []
    )


def anonymised_document(inputs: Document, result: Document) -> Document:
    offer_id = np.array(inputs["offers"]["offer"], dtype=np.int64)
    student_id = np.array(inputs["students"]["student"], dtype=np.int64)
    counts = np.array(inputs["students"]["applications"], dtype=np.int64)
    applications = inputs["applications"]
    offer = np.searchsorted(offer_id, np.array(applications["offer"], dtype=np.int64))
    score = np.array(applications["score"], dtype=np.float64)
    number = np.repeat(np.arange(1, student_id.size + 1), counts)
    # each offer's applicants, best first: by offer, then score down, then student number
    order = np.lexsort((number, -score, offer))
    per_offer = np.bincount(offer, minlength=offer_id.size)
    priorities = _split(number[order], per_offer)
    rankings = _split(offer + 1, counts)
    scores = _split(score, counts)
    # the result in numbers: the student's number by id, the offer's number by id
    by_id = np.argsort(student_id)
    placed_student = np.array(result["placements"]["student"], dtype=np.int64)
    placed_offer = np.array([-1 if o is None else o for o in result["placements"]["offer"]])
    student_number = by_id[np.searchsorted(student_id, placed_student, sorter=by_id)] + 1
    offer_number = np.where(
        placed_offer >= 0, np.searchsorted(offer_id, np.maximum(placed_offer, 0)) + 1, 0
    )
    sort = np.argsort(student_number)
    return {
        "format": FORMAT,
        "about": ABOUT,
        "constraints": inputs.get("constraints", {}),
        "offers": [
            {"offer": k, "seats": seats, "priority": priority}
            for k, (seats, priority) in enumerate(
                zip(inputs["offers"]["seats"], priorities, strict=True), start=1
            )
        ],
        "students": [
            {"student": k, "ranking": ranking, "scores": s}
            for k, (ranking, s) in enumerate(zip(rankings, scores, strict=True), start=1)
        ],
        "assignment": [
            [int(s), int(o) or None]
            for s, o in zip(student_number[sort], offer_number[sort], strict=True)
        ],
    }
