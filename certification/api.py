"""The "livret scolaire" export (pix-certif.md §5.3): a school's certification results, by its UAI.

For the national school-record systems: a staff-created API account with the permission
"certification.view_certificationcourse" authenticates with its token (`Authorization: Token …`).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.selectors import referential_snapshot
from certification.selectors import (
    LivretCertification,
    livret_scolaire_certifications,
    livret_scolaire_organization,
)

LIVRET_PERMISSION = "certification.view_certificationcourse"


class CanReadLivretScolaire(BasePermission):
    message = "Ce compte n'a pas accès au livret scolaire."

    def has_permission(self, request: Request, view) -> bool:
        return bool(request.user and request.user.has_perm(LIVRET_PERMISSION))


class CompetenceResultSerializer(serializers.Serializer):
    competenceId = serializers.CharField()  # noqa: N815 - the field names of the reference's API
    level = serializers.IntegerField()


class LivretCertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    firstName = serializers.CharField()  # noqa: N815
    middleName = serializers.CharField(allow_blank=True)  # noqa: N815
    thirdName = serializers.CharField(allow_blank=True)  # noqa: N815
    lastName = serializers.CharField()  # noqa: N815
    birthdate = serializers.DateField()
    nationalStudentId = serializers.CharField(allow_blank=True)  # noqa: N815
    status = serializers.ChoiceField(choices=["validated", "rejected", "pending"])
    pixScore = serializers.IntegerField()  # noqa: N815
    verificationCode = serializers.CharField()  # noqa: N815
    date = serializers.DateTimeField()
    deliveredAt = serializers.DateTimeField(allow_null=True)  # noqa: N815
    certificationCenter = serializers.CharField()  # noqa: N815
    competenceResults = CompetenceResultSerializer(many=True)  # noqa: N815


class CompetenceSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    areaId = serializers.CharField()  # noqa: N815
    areaName = serializers.CharField()  # noqa: N815


class LivretScolaireSerializer(serializers.Serializer):
    uai = serializers.CharField()
    certifications = LivretCertificateSerializer(many=True)
    competences = CompetenceSerializer(many=True)


def _certificate(item: LivretCertification) -> dict:
    course, learner = item.course, item.learner
    return {
        "id": course.pk,
        "firstName": learner.first_name if learner else course.first_name,
        "middleName": learner.middle_name if learner else "",
        "thirdName": learner.third_name if learner else "",
        "lastName": learner.last_name if learner else course.last_name,
        "birthdate": course.birthdate,
        "nationalStudentId": learner.national_student_id if learner else "",
        "status": item.status,
        "pixScore": item.pix_score,
        "verificationCode": course.verification_code,
        "date": course.created_at,
        "deliveredAt": course.session.published_at if course.is_published else None,
        "certificationCenter": course.session.center_name,
        "competenceResults": [
            {"competenceId": code, "level": level} for code, level in item.competence_levels
        ],
    }


class LivretScolaireView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated, CanReadLivretScolaire]

    @extend_schema(
        summary="Certifications d'un établissement scolaire (livret scolaire)",
        responses={
            200: LivretScolaireSerializer,
            204: OpenApiResponse(description="Aucune certification pour cet établissement."),
            404: OpenApiResponse(description="Aucun établissement scolaire gérant ses élèves n'a cet UAI."),
        },
    )
    def get(self, request: Request, uai: str) -> Response:
        organization = livret_scolaire_organization(uai=uai)
        if organization is None:
            raise Http404
        items = livret_scolaire_certifications(organization=organization)
        if not items:
            return Response(status=status.HTTP_204_NO_CONTENT)
        snapshot = referential_snapshot()
        data = {
            "uai": organization.external_id,
            "certifications": [_certificate(item) for item in items],
            "competences": [
                {"id": code, "name": c.name_fr, "areaId": c.area.code, "areaName": c.area.name_fr}
                for code, c in snapshot.competences.items()
            ],
        }
        response = Response(LivretScolaireSerializer(data).data)
        response["Cache-Control"] = "no-store"
        return response
