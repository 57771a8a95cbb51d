import io

import pytest
from pypdf import PdfReader

from certification import pdf
from tests.certification.factories import CandidateFactory, SessionFactory

pytestmark = pytest.mark.django_db


def text_of(raw: bytes) -> str:
    assert raw.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)


def test_the_attendance_sheet_lists_every_candidate_with_the_session_details():
    session = SessionFactory(address="Lycée Hugo", room="Salle 12", examiner="Mme Lefèvre")
    CandidateFactory(session=session, first_name="Zoé", last_name="Lemaître", extra_time_percentage="0.33")
    CandidateFactory(session=session, first_name="Noël", last_name="Ça", external_id="ID-42")
    text = text_of(pdf.attendance_sheet_pdf(session=session, candidates=list(session.candidates.all())))
    for expected in (
        "Feuille d'émargement",
        f"session n°{session.pk}",
        "Lycée Hugo",
        "Salle 12",
        "Mme Lefèvre",
        "LEMAÎTRE",
        "Zoé",
        "ÇA",
        "Noël",
        "ID-42",
        "33 %",
        "14/03/2008",
        "pendant 2 ans",
    ):
        assert expected in text, expected


def test_a_long_attendance_sheet_repeats_its_header_on_every_page():
    session = SessionFactory()
    for index in range(40):
        CandidateFactory(session=session, last_name=f"Candidat{index:02d}")
    raw = pdf.attendance_sheet_pdf(session=session, candidates=list(session.candidates.order_by("last_name")))
    reader = PdfReader(io.BytesIO(raw))
    assert len(reader.pages) >= 2
    pages_with_candidates = [
        page.extract_text() for page in reader.pages if "CANDIDAT" in page.extract_text()
    ]
    assert len(pages_with_candidates) >= 2
    assert all("Signature (début)" in text for text in pages_with_candidates)
    assert "CANDIDAT39" in text_of(raw)


def test_the_invigilator_kit_gives_the_codes_and_the_instructions():
    session = SessionFactory(access_code="BCDF23", invigilator_password="k7*QmT")
    text = text_of(pdf.invigilator_kit_pdf(session=session))
    for expected in (
        "Kit surveillant",
        str(session.pk),
        "BCDF23",
        "k7*QmT",
        "/certif/surveillance",
        "Avant la session",
    ):
        assert expected in text, expected
