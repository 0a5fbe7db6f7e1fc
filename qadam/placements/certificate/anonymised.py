"""The anonymised inputs an outside auditor re-runs with any stable-matching implementation.

Students are numbered 1..n in lottery order (the number carries no registry id, name or
IIN), offers 1..m in the order of their ids. Columns, like the certified documents: each
student's ranking (offer numbers, most preferred first) one after another, with how many
each ranked; each offer's priority (student numbers, best first: higher score, equal scores
to the lower number) one after another, with how many each has; the seats; and the
certified assignment, the offer number of student 1, 2, ... (null: unplaced).
"""

import numpy as np

from qadam.placements.certificate.documents import FORMAT, Document

ABOUT = (
    "Students 1..n (lottery order) rank offers 1..m: students.ranking holds each student's "
    "offers, most preferred first, student after student, students.applications how many "
    "each ranked. offers.priority holds each offer's applicants, best first (higher score; "
    "equal scores to the lower student number), offer after offer, offers.applicants how "
    "many each has. assignment[k - 1] is student k's offer (null: unplaced): the "
    "student-proposing deferred acceptance (student-optimal stable) matching."
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
    # the certified result by lottery position: student ids -> numbers, offer ids -> numbers
    placed = dict(zip(result["placements"]["student"], result["placements"]["offer"], strict=True))
    offer_number = {pk: k for k, pk in enumerate(offer_id.tolist(), start=1)}
    assignment = [
        None if placed.get(s) is None else offer_number[placed[s]] for s in student_id.tolist()
    ]
    return {
        "format": FORMAT,
        "about": ABOUT,
        "constraints": inputs.get("constraints", {}),
        "offers": {
            "seats": inputs["offers"]["seats"],
            "applicants": np.bincount(offer, minlength=offer_id.size).tolist(),
            "priority": number[order].tolist(),
        },
        "students": {"applications": counts.tolist(), "ranking": (offer + 1).tolist()},
        "assignment": assignment,
    }
