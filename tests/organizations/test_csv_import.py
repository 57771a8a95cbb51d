from __future__ import annotations

import datetime
import io

import pytest

from organizations.imports import SCO_COLUMNS, SUP_COLUMNS, csv_template
from organizations.models import OrganizationLearner
from organizations.services import learners_import_sco_csv, learners_import_sup_csv
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

SCO_HEADER = csv_template(SCO_COLUMNS).strip()
SUP_HEADER = csv_template(SUP_COLUMNS).strip()


def sco_line(**values: str) -> str:
    row = {
        "id": "123456789AB",
        "first_name": "Léa",
        "middle_name": "",
        "third_name": "",
        "last_name": "Durand",
        "preferred_last_name": "",
        "sex": "Féminin",
        "birthdate": "14/03/2011",
        "birth_city_code": "75115",
        "birth_city": "",
        "birth_province_code": "75",
        "birth_country_code": "99100",
        "status": "ST",
        "mef_code": "276",
        "division": "BTSA1",
    }
    row.update(values)
    return ";".join(row[column.name] for column in SCO_COLUMNS)


def sup_line(**values: str) -> str:
    row = {
        "first_name": "Hugo",
        "middle_name": "",
        "third_name": "",
        "last_name": "Nguyen",
        "preferred_last_name": "",
        "birthdate": "21/11/2004",
        "email": "hugo.nguyen@example.org",
        "student_number": "ETU-2025_001",
        "department": "UFR Sciences",
        "educational_team": "L1 Informatique",
        "group": "TD2",
        "diploma": "Licence",
        "study_scheme": "Formation continue",
    }
    row.update(values)
    return ";".join(row[column.name] for column in SUP_COLUMNS)


def csv_file(*lines: str, encoding: str = "utf-8-sig") -> io.BytesIO:
    return io.BytesIO(("\r\n".join(lines) + "\r\n").encode(encoding))


def codes(result) -> list[str]:
    return [issue.code for issue in result.errors]


@pytest.fixture
def agricultural_school(db):
    return OrganizationFactory(external_id="0451234K", is_managing_students=True)


# -- SCO CSV --------------------------------------------------------------------------------------


def test_the_sco_csv_columns_land_in_their_fields(agricultural_school):
    line = sco_line(
        middle_name="Marie", third_name="Anne", preferred_last_name="Martin", status="AP", sex="masculin"
    )
    result = learners_import_sco_csv(organization=agricultural_school, file=csv_file(SCO_HEADER, line))
    assert result.ok and result.created == 1
    learner = OrganizationLearner.objects.get()
    assert learner.national_student_id == "123456789AB"
    assert (learner.first_name, learner.middle_name, learner.third_name) == ("Léa", "Marie", "Anne")
    assert (learner.last_name, learner.preferred_last_name) == ("Durand", "Martin")
    assert learner.sex == "M"
    assert learner.birthdate == datetime.date(2011, 3, 14)
    assert (learner.birth_city_code, learner.birth_province_code, learner.birth_country_code) == (
        "75115",
        "75",
        "99100",
    )
    assert (learner.status, learner.mef_code, learner.division) == ("AP", "276", "BTSA1")


def test_every_sco_csv_error_is_listed_with_its_line_and_nothing_is_imported(agricultural_school):
    lines = [
        SCO_HEADER,
        sco_line(id="A1"),  # 2: fine
        sco_line(id="A1"),  # 3: same id as line 2
        sco_line(id="A3", sex="F"),  # 4
        sco_line(id="A4", birthdate="2011-03-14"),  # 5
        sco_line(id="A5", birth_city_code=""),  # 6: born in France without city code
        sco_line(
            id="A6", birth_country_code="99134", birth_city_code="", birth_city=""
        ),  # 7: abroad, no city
        sco_line(id="A7", birth_country_code="France"),  # 8
        sco_line(id="A8", birth_city_code="7511"),  # 9
        sco_line(id="A9", status="XX"),  # 10
        sco_line(id="A10", division=""),  # 11
        sco_line(id="A11", birth_province_code="7"),  # 12
        sco_line(id="", first_name=""),  # 13: two problems on one line
    ]
    result = learners_import_sco_csv(organization=agricultural_school, file=csv_file(*lines))
    assert [(issue.line, issue.code) for issue in result.errors] == [
        (3, "ID_UNIQUE"),
        (4, "SEX_CODE_INVALID"),
        (5, "INVALID_BIRTHDATE_FORMAT"),
        (6, "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"),
        (7, "BIRTH_CITY_REQUIRED_FOR_FOREIGN_STUDENT"),
        (8, "BIRTH_COUNTRY_CODE_INVALID"),
        (9, "BIRTH_CITY_CODE_INVALID"),
        (10, "STATUS_INVALID"),
        (11, "FIELD_REQUIRED"),
        (12, "BIRTH_PROVINCE_CODE_INVALID"),
        (13, "FIELD_REQUIRED"),
        (13, "FIELD_REQUIRED"),
    ]
    assert "ligne 2" in result.errors[0].message
    assert "Division" in result.errors[8].message
    assert OrganizationLearner.objects.count() == 0


def test_a_corsican_city_code_is_valid(agricultural_school):
    line = sco_line(birth_city_code="2A004", birth_province_code="2A")
    assert learners_import_sco_csv(organization=agricultural_school, file=csv_file(SCO_HEADER, line)).ok


def test_a_missing_required_column_and_an_unknown_one_are_reported_on_line_1(agricultural_school):
    header = SCO_HEADER.replace("Division*", "Classe")
    result = learners_import_sco_csv(organization=agricultural_school, file=csv_file(header, sco_line()))
    assert [(issue.line, issue.code) for issue in result.errors] == [
        (1, "HEADER_UNKNOWN"),
        (1, "HEADER_MISSING"),
    ]
    assert "Classe" in result.errors[0].message and "Division" in result.errors[1].message


def test_headers_are_recognised_without_asterisks_whatever_the_case_and_with_commas(agricultural_school):
    header = SCO_HEADER.replace("*", "").upper().replace("'", "\u2019").replace(";", ",")
    line = sco_line().replace(";", ",")
    assert learners_import_sco_csv(organization=agricultural_school, file=csv_file(header, line)).ok


def test_a_windows_1252_csv_keeps_its_accents(agricultural_school):
    file = csv_file(SCO_HEADER, sco_line(first_name="Zoé", last_name="Lefèvre"), encoding="cp1252")
    assert learners_import_sco_csv(organization=agricultural_school, file=file).ok
    assert OrganizationLearner.objects.get().first_name == "Zoé"


def test_a_sco_csv_reimport_updates_and_disables_those_gone(agricultural_school):
    learners_import_sco_csv(
        organization=agricultural_school, file=csv_file(SCO_HEADER, sco_line(id="A1"), sco_line(id="A2"))
    )
    result = learners_import_sco_csv(
        organization=agricultural_school, file=csv_file(SCO_HEADER, sco_line(id="a1", division="BTSA2"))
    )
    assert (result.created, result.updated, result.disabled) == (0, 1, 1)
    assert OrganizationLearner.objects.get(national_student_id="A1").division == "BTSA2"
    assert OrganizationLearner.objects.get(national_student_id="A2").is_disabled


def test_blank_lines_are_ignored(agricultural_school):
    assert learners_import_sco_csv(
        organization=agricultural_school, file=csv_file(SCO_HEADER, "", sco_line(), ";;;")
    ).ok


def test_a_line_with_more_values_than_columns_is_refused(agricultural_school):
    result = learners_import_sco_csv(
        organization=agricultural_school, file=csv_file(SCO_HEADER, sco_line() + ";extra")
    )
    assert [(i.line, i.code) for i in result.errors] == [(2, "ROW_TOO_LONG")]


def test_a_header_only_file_is_refused(agricultural_school):
    assert codes(learners_import_sco_csv(organization=agricultural_school, file=csv_file(SCO_HEADER))) == [
        "NO_STUDENT"
    ]


# -- SUP CSV --------------------------------------------------------------------------------------


def test_the_sup_csv_columns_land_in_their_fields(university):
    result = learners_import_sup_csv(
        organization=university, file=csv_file(SUP_HEADER, sup_line(middle_name="Minh"))
    )
    assert result.ok
    learner = OrganizationLearner.objects.get()
    assert (learner.first_name, learner.middle_name, learner.last_name) == ("Hugo", "Minh", "Nguyen")
    assert learner.birthdate == datetime.date(2004, 11, 21)
    assert learner.email == "hugo.nguyen@example.org"
    assert learner.student_number == "ETU-2025_001"
    assert (learner.department, learner.educational_team, learner.group) == (
        "UFR Sciences",
        "L1 Informatique",
        "TD2",
    )
    assert (learner.diploma, learner.study_scheme) == ("Licence", "Formation continue")
    assert learner.national_student_id == ""


def test_unrecognised_diploma_and_regime_are_stored_as_non_reconnu(university):
    learners_import_sup_csv(
        organization=university,
        file=csv_file(SUP_HEADER, sup_line(diploma="Licence pro", study_scheme="Alternance")),
    )
    learner = OrganizationLearner.objects.get()
    assert (learner.diploma, learner.study_scheme) == ("Non reconnu", "Non reconnu")


def test_recognised_values_are_found_whatever_their_case(university):
    learners_import_sup_csv(organization=university, file=csv_file(SUP_HEADER, sup_line(diploma="master")))
    assert OrganizationLearner.objects.get().diploma == "Master"


def test_optional_sup_columns_may_be_absent(university):
    header = "Premier prénom;Nom de famille;Date de naissance (jj/mm/aaaa);Numéro étudiant"
    assert learners_import_sup_csv(
        organization=university, file=csv_file(header, "Inès;Lambert;19/09/2005;E42")
    ).ok


def test_every_sup_csv_error_is_listed_with_its_line(university):
    lines = [
        SUP_HEADER,
        sup_line(student_number="E1"),
        sup_line(student_number="E1"),  # 3
        sup_line(student_number="E 3"),  # 4
        sup_line(student_number=""),  # 5
        sup_line(student_number="E5", email="pas-une-adresse"),  # 6
        sup_line(student_number="E6", birthdate=""),  # 7
        sup_line(student_number="E7", last_name=""),  # 8
        sup_line(student_number="E8", group="G" * 256),  # 9
    ]
    result = learners_import_sup_csv(organization=university, file=csv_file(*lines))
    assert [(issue.line, issue.code) for issue in result.errors] == [
        (3, "STUDENT_NUMBER_UNIQUE"),
        (4, "STUDENT_NUMBER_INVALID"),
        (5, "FIELD_REQUIRED"),
        (6, "EMAIL_INVALID"),
        (7, "BIRTHDATE_REQUIRED"),
        (8, "FIELD_REQUIRED"),
        (9, "FIELD_TOO_LONG"),
    ]
    assert OrganizationLearner.objects.count() == 0


def test_sup_add_mode_keeps_the_students_missing_from_the_file(university):
    learners_import_sup_csv(organization=university, file=csv_file(SUP_HEADER, sup_line(student_number="E1")))
    result = learners_import_sup_csv(
        organization=university, file=csv_file(SUP_HEADER, sup_line(student_number="E2")), mode="add"
    )
    assert (result.created, result.disabled) == (1, 0)
    assert OrganizationLearner.objects.filter(is_disabled=False).count() == 2


def test_sup_replace_mode_disables_the_students_missing_from_the_file(university):
    learners_import_sup_csv(
        organization=university,
        file=csv_file(SUP_HEADER, sup_line(student_number="E1"), sup_line(student_number="E2")),
    )
    result = learners_import_sup_csv(
        organization=university,
        file=csv_file(SUP_HEADER, sup_line(student_number="E2", group="TD9"), sup_line(student_number="E3")),
        mode="replace",
    )
    assert (result.created, result.updated, result.disabled) == (1, 1, 1)
    assert OrganizationLearner.objects.get(student_number="E1").is_disabled
    assert OrganizationLearner.objects.get(student_number="E2").group == "TD9"
    assert OrganizationLearner.objects.count() == 3


def test_a_refused_sup_replace_changes_nothing(university):
    learners_import_sup_csv(organization=university, file=csv_file(SUP_HEADER, sup_line(student_number="E1")))
    result = learners_import_sup_csv(
        organization=university,
        file=csv_file(SUP_HEADER, sup_line(student_number="E2", birthdate="hier")),
        mode="replace",
    )
    assert not result.ok
    assert list(OrganizationLearner.objects.values_list("student_number", "is_disabled")) == [("E1", False)]


def test_only_a_university_managing_students_imports_the_sup_csv(school):
    result = learners_import_sup_csv(organization=school, file=csv_file(SUP_HEADER, sup_line()))
    assert codes(result) == ["ORGANIZATION_NOT_SUP"]
