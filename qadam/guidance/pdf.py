"""A pupil's results on one printable A4 page (fpdf2).

Cyrillic and Kazakh letters need a Unicode font: DejaVu Sans is shipped in `fonts/` with its
licence, so the PDF does not depend on fonts installed on the server. Call inside the
pupil's language (`translation.override`): the labels are translated here.
"""

from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from qadam.guidance.explain_text import RecommendationText, format_score
from qadam.guidance.selectors import Results

RGB = tuple[int, int, int]
FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
INK: RGB = (27, 39, 51)
MUTED: RGB = (91, 107, 122)
ACCENT: RGB = (29, 111, 165)
TRACK: RGB = (229, 234, 240)
MARGIN = 15.0
FOOTER_HEIGHT = 30.0  # the attribution and the translation note at the bottom
MAX_RECOMMENDATIONS = 5  # as many as fit above the footer
MAX_COLLEGES = 3
SCALE_MAX = 5.0


class _Page(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)  # one page: the content is cut to fit, never split
        self.add_page()

    def text_line(self, text: str, size: float, *, bold: bool = False, color: RGB = INK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    @property
    def room(self) -> float:
        """Height left above the footer."""
        return self.h - MARGIN - FOOTER_HEIGHT - self.get_y()


def _header(pdf: _Page, results: Results, resume_code: str) -> None:
    session = results.session
    pdf.text_line(_("Qadam · my career interests"), 16, bold=True)
    completed = session.completed_at.date().isoformat() if session.completed_at else ""
    pdf.text_line(
        _("Resume code: %(code)s · completed on %(date)s · %(region)s")
        % {"code": resume_code, "date": completed, "region": session.region.name},
        9,
        color=MUTED,
    )
    pdf.ln(3)
    pdf.text_line(_("Holland code: %(code)s") % {"code": session.holland_code}, 14, bold=True)
    for scale in results.top_scales:
        pdf.text_line(f"{scale.code} · {scale.name} ({scale.nickname}): {scale.description}", 9)
    pdf.ln(2)


def _bars(pdf: _Page, results: Results) -> None:
    pdf.text_line(_("Your scores (1 to 5)"), 11, bold=True)
    label_width, bar_width, row = 55.0, 100.0, 6.5
    for scale in results.scales:
        y = pdf.get_y()
        pdf.set_font(FAMILY, "", 9)
        pdf.set_text_color(*INK)
        pdf.cell(label_width, row, f"{scale.code} · {scale.name}")
        x = pdf.get_x()
        pdf.set_fill_color(*TRACK)
        pdf.rect(x, y + 1.5, bar_width, row - 3, style="F")
        pdf.set_fill_color(*ACCENT)
        pdf.rect(x, y + 1.5, bar_width * max(0.0, scale.score) / SCALE_MAX, row - 3, style="F")
        pdf.set_x(x + bar_width + 3)
        pdf.cell(15, row, format_score(scale.score), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _recommendations(pdf: _Page, rows: list[RecommendationText]) -> None:
    pdf.text_line(_("Specialties that fit your interests"), 11, bold=True)
    for index, row in enumerate(rows[:MAX_RECOMMENDATIONS], start=1):
        if pdf.room < 25:
            break
        pdf.text_line(f"{index}. {row.specialty} ({row.code})", 10, bold=True)
        pdf.text_line(row.outlook, 8.5, bold=True)
        pdf.text_line(row.sentence, 8.5)
        for college in row.colleges[:MAX_COLLEGES]:
            if pdf.room < 5:
                break
            pdf.text_line(
                _("%(name)s, %(region)s, %(distance)s; %(languages)s; %(seats)s state-funded seats")
                % {
                    "name": college.name,
                    "region": college.region,
                    "distance": college.distance,
                    "languages": college.languages,
                    "seats": college.seats,
                },
                8,
                color=MUTED,
            )
        pdf.ln(1.5)


def _footer(pdf: _Page, results: Results) -> None:
    pdf.set_y(pdf.h - MARGIN - FOOTER_HEIGHT + 2)
    pdf.set_draw_color(*TRACK)
    pdf.line(MARGIN, pdf.get_y() - 1, pdf.w - MARGIN, pdf.get_y() - 1)
    pdf.text_line(results.attribution, 7, color=MUTED)
    pdf.text_line(
        _(
            "The Russian and Kazakh questions are draft translations, not yet reviewed by "
            "native speakers; the results are a guide for a conversation, not a verdict."
        ),
        7,
        color=MUTED,
    )


def results_pdf(results: Results, rows: list[RecommendationText], *, resume_code: str) -> bytes:
    """The results summary as PDF bytes, one page."""
    pdf = _Page()
    pdf.set_title(_("Career interests: %(code)s") % {"code": results.session.holland_code})
    pdf.set_keywords(f"RIASEC {results.session.holland_code} {resume_code}")
    pdf.set_creator("Qadam")
    _header(pdf, results, resume_code)
    _bars(pdf, results)
    _recommendations(pdf, rows)
    _footer(pdf, results)
    return bytes(pdf.output())
