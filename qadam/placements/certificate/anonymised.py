"""The anonymised inputs an outside auditor re-runs with any stable-matching implementation.

Students are numbered 1..n in lottery order (the number carries no registry id, name or
IIN), offers 1..m in the order of their ids. Each offer's priority is its applicants from
best to worst: higher score first, equal scores to the lower student number (the lottery).
The certified result is given in the same numbers, so the auditor compares assignments.
"""

from typing import Any

from qadam.placements.certificate.documents import FORMAT, Document

ABOUT = (
    "Students (1..n, lottery order) rank offers (1..m), most preferred first; each offer "
    "ranks its applicants by score, higher first, ties to the lower student number. The "
    "result is the student-proposing deferred acceptance (student-optimal stable) matching."
)


def anonymised_document(inputs: Document, result: Document) -> Document:
    offer_number = {row[0]: k for k, row in enumerate(inputs["offers"], start=1)}
    student_number = {row[0]: k for k, row in enumerate(inputs["students"], start=1)}
    applicants: dict[int, list[tuple[float, int]]] = {k: [] for k in offer_number.values()}
    students: list[dict[str, Any]] = []
    for number, (_student, applications) in enumerate(inputs["students"], start=1):
        ranking = [offer_number[a[1]] for a in applications]
        for offer, application in zip(ranking, applications, strict=True):
            applicants[offer].append((-application[3], number))
        students.append(
            {"student": number, "ranking": ranking, "scores": [a[3] for a in applications]}
        )
    offers = [
        {
            "offer": offer_number[pk],
            "seats": seats,
            "priority": [number for _score, number in sorted(applicants[offer_number[pk]])],
        }
        for pk, seats in inputs["offers"]
    ]
    assignment = sorted(
        [student_number[student], None if offer is None else offer_number[offer]]
        for student, offer in result["placements"]
    )
    return {
        "format": FORMAT,
        "about": ABOUT,
        "constraints": inputs.get("constraints", {}),
        "offers": offers,
        "students": students,
        "assignment": assignment,
    }
