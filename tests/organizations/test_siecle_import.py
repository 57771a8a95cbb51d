from __future__ import annotations

import datetime
import io

import pytest

from organizations.models import OrganizationLearner
from organizations.services import learners_import_siecle
from tests.factories import OrganizationFactory
from tests.organizations.factories import OrganizationLearnerFactory
from tests.organizations.siecle import Student, siecle_file, siecle_text, two_classes, zipped

pytestmark = pytest.mark.django_db


def codes(result) -> list[str]:
    return [issue.code for issue in result.errors]


def test_every_siecle_element_lands_in_its_learner_field(school):
    student = Student(
        eleve_id="42",
        ine="1234567890A",
        last_name="FONTAINE",
        preferred_last_name="GIRARD",
        first_name="Éloïse",
        middle_name="Marie",
        third_name="Anne",
        birthdate="30/05/2011",
        sex="2",
        country="100",
        province="092",
        city_code="92012",
        city="BOULOGNE-BILLANCOURT",
        mef="10310019110",
        status="AP",
        structures=[("LV2-ESP", "G"), ("3B", "D")],
    )
    result = learners_import_siecle(organization=school, file=siecle_file([student]))
    assert result.ok and result.created == 1
    learner = OrganizationLearner.objects.get()
    assert learner.organization == school
    assert (learner.last_name, learner.preferred_last_name) == ("FONTAINE", "GIRARD")
    assert (learner.first_name, learner.middle_name, learner.third_name) == ("Éloïse", "Marie", "Anne")
    assert learner.sex == "F"
    assert learner.birthdate == datetime.date(2011, 5, 30)
    assert learner.birth_country_code == "99100"
    assert learner.birth_province_code == "092"
    assert learner.birth_city_code == "92012"
    assert learner.birth_city == "BOULOGNE-BILLANCOURT"
    assert learner.mef_code == "10310019110"
    assert learner.status == "AP"
    assert learner.national_student_id == "1234567890A"
    assert learner.division == "3B"  # the structure of type D, not the group
    assert learner.is_disabled is False and learner.user is None


def test_sex_code_1_is_male(school):
    learners_import_siecle(organization=school, file=siecle_file([Student(eleve_id="1", sex="1")]))
    assert OrganizationLearner.objects.get().sex == "M"


def test_a_file_of_another_school_is_refused_naming_both_uai_and_nothing_changes(school):
    OrganizationLearnerFactory(organization=school, national_student_id="0000000001A")
    result = learners_import_siecle(organization=school, file=siecle_file(two_classes(), uai="0931234Z"))
    assert codes(result) == ["UAJ_MISMATCH"]
    message = result.errors[0].message
    assert "0931234Z" in message and "0750001A" in message
    assert OrganizationLearner.objects.count() == 1
    assert OrganizationLearner.objects.get().is_disabled is False


def test_the_uai_comparison_ignores_case_and_spaces(school):
    school.external_id = " 0750001a "
    school.save()
    assert learners_import_siecle(organization=school, file=siecle_file(two_classes(2))).ok


def test_a_file_without_uaj_is_refused(school):
    result = learners_import_siecle(organization=school, file=siecle_file(two_classes(2), uai=None))
    assert codes(result) == ["UAJ_MISSING"]


def test_an_organization_without_uai_cannot_import_siecle(school):
    school.external_id = ""
    school.save()
    assert codes(learners_import_siecle(organization=school, file=siecle_file(two_classes(2)))) == [
        "ORGANIZATION_UAI_MISSING"
    ]


def test_a_student_who_left_the_school_is_not_imported(school):
    students = [Student(eleve_id="1"), Student(eleve_id="2", left_on="10/09/2025")]
    result = learners_import_siecle(organization=school, file=siecle_file(students))
    assert result.ok and result.created == 1 and result.skipped == 1
    assert list(OrganizationLearner.objects.values_list("national_student_id", flat=True)) == [
        students[0].ine
    ]


def test_a_student_whose_only_division_is_inactifs_is_not_imported(school):
    students = [
        Student(eleve_id="1"),
        Student(eleve_id="2", structures=[("Inactifs", "D"), ("LV2", "G")]),
        Student(eleve_id="3", structures=[("Inactifs", "D"), ("3B", "D")]),
    ]
    result = learners_import_siecle(organization=school, file=siecle_file(students))
    assert result.ok and result.created == 2 and result.skipped == 1
    assert OrganizationLearner.objects.get(national_student_id=students[2].ine).division == "3B"


def test_a_student_without_a_structure_of_type_d_is_not_imported(school):
    students = [
        Student(eleve_id="1"),
        Student(eleve_id="2", structures=[("LV2-ESP", "G")]),
        Student(eleve_id="3", structures=[]),
    ]
    result = learners_import_siecle(organization=school, file=siecle_file(students))
    assert result.ok and result.created == 1 and result.skipped == 2


def test_a_skipped_student_with_bad_data_does_not_block_the_import(school):
    gone = Student(eleve_id="2", ine="", left_on="10/09/2025")
    result = learners_import_siecle(organization=school, file=siecle_file([Student(eleve_id="1"), gone]))
    assert result.ok and result.created == 1


def test_a_zipped_export_is_imported(school):
    data = siecle_text(two_classes()).encode()
    result = learners_import_siecle(organization=school, file=zipped(data))
    assert result.ok and result.created == 12


def test_a_zip_without_xml_or_with_several_is_refused(school):
    assert codes(learners_import_siecle(organization=school, file=zipped(b"x", name="lisez-moi.txt"))) == [
        "ZIP_NO_XML"
    ]
    data = siecle_text(two_classes(2)).encode()
    assert codes(learners_import_siecle(organization=school, file=zipped(data, extra={"b.xml": data}))) == [
        "ZIP_SEVERAL_XML"
    ]


def test_a_damaged_zip_is_refused(school):
    assert codes(learners_import_siecle(organization=school, file=io.BytesIO(b"PK\x03\x04broken"))) == [
        "ZIP_INVALID"
    ]


def test_an_iso_8859_15_export_keeps_its_accents_and_the_euro_sign(school):
    students = [Student(eleve_id="1", first_name="Noël", last_name="ŒUVRÉ€")]
    file = siecle_file(students, encoding="ISO-8859-15")
    assert b"\xbc" in file.getvalue()  # Œ in ISO-8859-15, not UTF-8
    result = learners_import_siecle(organization=school, file=file)
    assert result.ok
    learner = OrganizationLearner.objects.get()
    assert (learner.first_name, learner.last_name) == ("Noël", "ŒUVRÉ€")


def test_a_utf8_export_starting_with_a_byte_order_mark_is_imported(school):
    result = learners_import_siecle(
        organization=school, file=siecle_file([Student(eleve_id="1", first_name="Zoé")], bom=True)
    )
    assert result.ok
    assert OrganizationLearner.objects.get().first_name == "Zoé"


def test_a_byte_order_mark_wins_over_a_wrong_declaration(school):
    text = siecle_text([Student(eleve_id="1", first_name="Zoé")], encoding="ISO-8859-15")
    file = io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert learners_import_siecle(organization=school, file=file).ok
    assert OrganizationLearner.objects.get().first_name == "Zoé"


def test_an_unknown_declared_encoding_is_refused(school):
    text = siecle_text([Student(eleve_id="1")], encoding="KLINGON-1")
    assert codes(learners_import_siecle(organization=school, file=io.BytesIO(text.encode()))) == [
        "ENCODING_UNKNOWN"
    ]


def test_malformed_xml_is_refused_with_its_position_and_nothing_changes(school):
    OrganizationLearnerFactory(organization=school)
    text = siecle_text(two_classes(4)).replace("</ELEVES>", "</ELEVE>", 1)
    result = learners_import_siecle(organization=school, file=io.BytesIO(text.encode()))
    assert codes(result) == ["XML_MALFORMED"]
    assert "ligne" in result.errors[0].message
    assert result.errors[0].params["line"] > 1
    assert OrganizationLearner.objects.count() == 1
    assert not OrganizationLearner.objects.filter(is_disabled=True).exists()


def test_an_entity_expansion_attack_is_refused(school):
    text = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<BEE_ELEVES><PARAMETRES><UAJ>0750001A</UAJ></PARAMETRES><DONNEES>&b;</DONNEES></BEE_ELEVES>"
    )
    assert codes(learners_import_siecle(organization=school, file=io.BytesIO(text.encode()))) == [
        "XML_FORBIDDEN"
    ]


def test_another_xml_file_is_refused(school):
    file = io.BytesIO(b'<?xml version="1.0"?><NOMENCLATURES><UAJ>0750001A</UAJ></NOMENCLATURES>')
    result = learners_import_siecle(organization=school, file=file)
    assert codes(result) == ["NOT_SIECLE"]
    assert "NOMENCLATURES" in result.errors[0].message


def test_an_empty_file_is_refused(school):
    assert codes(learners_import_siecle(organization=school, file=io.BytesIO(b""))) == ["FILE_EMPTY"]


def test_a_file_with_no_student_to_import_is_refused_rather_than_disabling_everyone(school):
    OrganizationLearnerFactory(organization=school)
    result = learners_import_siecle(
        organization=school, file=siecle_file([Student(eleve_id="1", left_on="01/09/2025")])
    )
    assert codes(result) == ["NO_STUDENT"]
    assert not OrganizationLearner.objects.filter(is_disabled=True).exists()


def test_every_student_error_is_listed_with_its_student_and_nothing_is_imported(school):
    students = [
        Student(eleve_id="1", last_name="SANSINE", ine="", structures=[("3A", "D")]),
        Student(eleve_id="2", ine="1111111111A"),
        Student(eleve_id="3", ine="1111111111A", last_name="DOUBLON"),
        Student(eleve_id="4", sex="", last_name="SANSSEXE"),
        Student(eleve_id="5", birthdate="", last_name="SANSDATE"),
        Student(eleve_id="6", birthdate="31/02/2011", last_name="DATEFAUSSE"),
        Student(eleve_id="7", city_code="", last_name="SANSCOMMUNE"),
        Student(eleve_id="8", first_name="", last_name="SANSPRENOM"),
        Student(eleve_id="9", last_name=""),
        Student(eleve_id="10", last_name="ILLISIBLE", first_name="L\ufffdo"),
        Student(eleve_id="11", last_name="OK"),
    ]
    result = learners_import_siecle(organization=school, file=siecle_file(students))
    assert codes(result) == [
        "INE_REQUIRED",
        "INE_UNIQUE",
        "SEX_CODE_REQUIRED",
        "BIRTHDATE_REQUIRED",
        "INVALID_BIRTHDATE_FORMAT",
        "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT",
        "FIELD_REQUIRED",
        "FIELD_REQUIRED",
        "INVALID_CHAR_DETECTED",
    ]
    students_named = [issue.student for issue in result.errors]
    assert "SANSINE Léa" in students_named[0]
    assert "DOUBLON" in students_named[1] and "1111111111A" in students_named[1]
    assert "INE 0000000009A" in students_named[7]  # no last name: the INE says who it is
    assert OrganizationLearner.objects.count() == 0


def test_a_student_born_abroad_needs_no_city_code(school):
    abroad = Student(eleve_id="1", country="127", province="990", city_code="", city="TURIN")
    assert learners_import_siecle(organization=school, file=siecle_file([abroad])).ok
    assert OrganizationLearner.objects.get().birth_country_code == "99127"


def test_a_new_import_updates_instead_of_duplicating_and_disables_the_students_gone(school):
    first = two_classes(4)
    learners_import_siecle(organization=school, file=siecle_file(first))
    first[0].structures = [("3B", "D")]
    first[1].last_name = "NOUVEAUNOM"
    newcomer = Student(eleve_id="99", last_name="NOUVEAU")
    result = learners_import_siecle(organization=school, file=siecle_file([*first[:3], newcomer]))
    assert (result.created, result.updated, result.disabled) == (1, 3, 1)
    assert OrganizationLearner.objects.count() == 5
    assert OrganizationLearner.objects.get(national_student_id=first[0].ine).division == "3B"
    assert OrganizationLearner.objects.get(national_student_id=first[1].ine).last_name == "NOUVEAUNOM"
    assert OrganizationLearner.objects.get(national_student_id=first[3].ine).is_disabled


def test_a_disabled_student_back_in_the_file_is_enabled_again_and_keeps_their_account(school, user):
    learners_import_siecle(organization=school, file=siecle_file(two_classes(2)))
    OrganizationLearner.objects.filter(last_name="ÉLÈVE0001").update(user=user)
    learners_import_siecle(organization=school, file=siecle_file(two_classes(1)))
    assert OrganizationLearner.objects.get(last_name="ÉLÈVE0001").is_disabled
    learners_import_siecle(organization=school, file=siecle_file(two_classes(2)))
    learner = OrganizationLearner.objects.get(last_name="ÉLÈVE0001")
    assert not learner.is_disabled and learner.user == user


def test_the_same_ine_in_another_school_is_another_learner(school):
    other = OrganizationFactory(external_id="0931234Z", is_managing_students=True)
    students = two_classes(2)
    learners_import_siecle(organization=school, file=siecle_file(students))
    learners_import_siecle(organization=other, file=siecle_file(students, uai="0931234Z"))
    assert OrganizationLearner.objects.filter(organization=school).count() == 2
    assert OrganizationLearner.objects.filter(organization=other).count() == 2


def test_only_a_school_managing_students_imports_siecle(db):
    for organization in (
        OrganizationFactory(external_id="0750001A", is_managing_students=False),
        OrganizationFactory(external_id="0750001A", type="SUP", is_managing_students=True),
    ):
        assert codes(learners_import_siecle(organization=organization, file=siecle_file(two_classes(2)))) == [
            "ORGANIZATION_NOT_SCO"
        ]
    assert OrganizationLearner.objects.count() == 0


def test_the_demo_file_has_two_classes_of_twelve_students(school):
    from pix.demo import DEMO_SIECLE_FILE

    with DEMO_SIECLE_FILE.open("rb") as file:
        result = learners_import_siecle(organization=school, file=file)
    assert result.ok and result.created == 12 and result.skipped == 2
    assert sorted(set(OrganizationLearner.objects.values_list("division", flat=True))) == ["3A", "3B"]
