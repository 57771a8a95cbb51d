from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from organizations.models import ImportJob, OrganizationLearner
from organizations.services import StudentsError, import_job_start, usernames_generate_for_division
from tests.factories import OrganizationFactory, UserFactory
from tests.organizations.factories import OrganizationLearnerFactory
from tests.organizations.siecle import siecle_file, siecle_text, two_classes

pytestmark = pytest.mark.django_db


# -- Usernames for a class ------------------------------------------------------------------------


def test_students_of_the_class_without_account_get_a_username_and_a_temporary_password(school):
    lucas = OrganizationLearnerFactory(
        organization=school,
        division="3A",
        first_name="Lucas",
        last_name="Martin",
        birthdate=datetime.date(2011, 3, 14),
    )
    linked = OrganizationLearnerFactory(organization=school, division="3A", user=UserFactory())
    other_class = OrganizationLearnerFactory(organization=school, division="3B")
    gone = OrganizationLearnerFactory(organization=school, division="3A", is_disabled=True)
    accounts = usernames_generate_for_division(organization=school, division="3A")
    assert [(a.first_name, a.last_name, a.division, a.username) for a in accounts] == [
        ("Lucas", "Martin", "3A", "lucas.martin1403")
    ]
    lucas.refresh_from_db()
    user = lucas.user
    assert user.username == "lucas.martin1403" and user.email is None
    assert user.must_change_password
    assert user.check_password(accounts[0].password)
    assert accounts[0].password not in user.password  # stored hashed only
    for learner in (other_class, gone):
        learner.refresh_from_db()
        assert learner.user is None
    linked_user = OrganizationLearner.objects.get(pk=linked.pk).user
    assert linked_user is not None and linked_user.username is None


def test_generating_again_creates_nothing_for_students_who_now_have_an_account(school):
    OrganizationLearnerFactory(organization=school, division="3A")
    usernames_generate_for_division(organization=school, division="3A")
    users = User.objects.count()
    assert usernames_generate_for_division(organization=school, division="3A") == []
    assert User.objects.count() == users


def test_homonyms_get_distinct_usernames(school):
    for _ in range(2):
        OrganizationLearnerFactory(
            organization=school, first_name="Léa", last_name="Durand", birthdate=datetime.date(2011, 3, 14)
        )
    usernames = [a.username for a in usernames_generate_for_division(organization=school, division="3A")]
    assert usernames[0] == "lea.durand1403"
    assert usernames[1].startswith("lea.durand") and usernames[1] != usernames[0]


def test_only_a_school_managing_students_generates_usernames(university):
    with pytest.raises(StudentsError):
        usernames_generate_for_division(organization=university, division="3A")


# -- Import jobs: inline for small files, a Celery task for large ones -----------------------------


def upload(data: bytes, name: str = "ElevesSansAdresses.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/xml")


def test_a_small_file_is_imported_at_once_and_recorded(school, admin):
    job = import_job_start(
        organization=school, kind="siecle", file=upload(siecle_file(two_classes()).getvalue()), by=admin
    )
    assert job.status == "done"
    assert (job.created_count, job.updated_count, job.disabled_count) == (12, 0, 0)
    assert job.created_by == admin and job.filename == "ElevesSansAdresses.xml"
    assert not job.file  # nothing of the file is kept
    assert OrganizationLearner.objects.count() == 12


def test_a_refused_file_is_recorded_with_every_error(school):
    data = siecle_file(two_classes(), uai="0931234Z").getvalue()
    job = import_job_start(organization=school, kind="siecle", file=upload(data))
    assert job.status == "failed"
    assert [error["code"] for error in job.errors] == ["UAJ_MISMATCH"]
    assert job.errors[0]["params"] == {"file_uai": "0931234Z", "organization_uai": "0750001A"}


def test_a_large_file_is_imported_by_the_worker_after_commit(
    school, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ORGA_IMPORT_INLINE_MAX_BYTES = 100
    settings.MEDIA_ROOT = tmp_path
    data = siecle_text(two_classes()).encode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = import_job_start(organization=school, kind="siecle", file=upload(data))
        assert job.status == "pending" and job.file  # stored for the worker
        assert OrganizationLearner.objects.count() == 0
    assert len(callbacks) == 1  # the task is sent only once the job row is committed
    callbacks[0]()  # tasks run eagerly in tests: this is the worker's run
    job.refresh_from_db()
    assert job.status == "done" and job.created_count == 12
    assert not job.file  # the stored copy is deleted once imported
    assert OrganizationLearner.objects.count() == 12


def test_a_sup_job_uses_its_mode(university):
    header = "Premier prénom;Nom de famille;Date de naissance (jj/mm/aaaa);Numéro étudiant\r\n"
    import_job_start(
        organization=university,
        kind="sup_csv",
        file=upload((header + "A;B;01/01/2004;E1\r\n").encode(), "a.csv"),
    )
    job = import_job_start(
        organization=university,
        kind="sup_csv",
        file=upload((header + "C;D;01/01/2004;E2\r\n").encode(), "b.csv"),
        mode="replace",
    )
    assert job.mode == "replace" and job.disabled_count == 1


def test_an_unknown_kind_is_refused(school):
    with pytest.raises(StudentsError):
        import_job_start(organization=school, kind="onde", file=upload(b"x"))
    assert ImportJob.objects.count() == 0


def test_a_crash_marks_the_job_failed_and_keeps_nothing(school, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setitem(__import__("organizations.services").services.IMPORTERS, "siecle", boom)
    with pytest.raises(RuntimeError):
        import_job_start(organization=school, kind="siecle", file=upload(b"<x/>"))
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.errors[0]["code"] == "IMPORT_CRASHED"


def test_another_organization_kind_is_refused_by_the_importer(db):
    company = OrganizationFactory(type="PRO", is_managing_students=False)
    job = import_job_start(organization=company, kind="siecle", file=upload(io.BytesIO(b"<x/>").getvalue()))
    assert job.status == "failed" and job.errors[0]["code"] == "ORGANIZATION_NOT_SCO"


def test_a_redelivered_task_does_not_import_twice(school):
    from organizations.tasks import import_job_run_task

    job = import_job_start(
        organization=school, kind="siecle", file=upload(siecle_file(two_classes(2)).getvalue())
    )
    assert import_job_run_task(job.pk) == "done"
    job.refresh_from_db()
    assert job.created_count == 2 and OrganizationLearner.objects.count() == 2
