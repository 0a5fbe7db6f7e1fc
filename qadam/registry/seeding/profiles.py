"""Dataset profiles: the national one reproduces the published figures (BRIEF.md)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    colleges: int
    college_students: int
    state_funded_seats: int
    technical_share: float
    enterprises: int
    schools: int
    university_students_each: int
    foreign_branch_students: int
    students_per_educator: int = 15
    placement_applicants: int = 0  # students who apply in the demo placement round


PROFILES = {
    # 772 colleges, 556,000 students, 153,000 state-funded seats (70% technical),
    # 18,000 enterprises, 9 branches of Russian universities with about 4,000 students.
    "national": Profile(
        name="national",
        colleges=772,
        college_students=556_000,
        state_funded_seats=153_000,
        technical_share=0.70,
        enterprises=18_000,
        schools=400,
        university_students_each=1_500,
        foreign_branch_students=4_000,
        placement_applicants=100_000,
    ),
    # The same country at 1/100 scale, for tests.
    "small": Profile(
        name="small",
        colleges=8,
        college_students=5_560,
        state_funded_seats=1_530,
        technical_share=0.70,
        enterprises=180,
        schools=4,
        university_students_each=15,
        foreign_branch_students=40,
        placement_applicants=1_000,
    ),
}
