"""JSON API of assessments (DRF): thin views over ``assessments.services`` and ``assessments.selectors``."""

from __future__ import annotations

from django.http import Http404
from django.templatetags.static import static
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import services
from assessments.models import Answer, Assessment
from assessments.selectors import assessment_of, scorecards_of
from referential.models import Skill


class AssessmentSerializer(serializers.ModelSerializer):
    competence = serializers.CharField(source="competence.code", allow_null=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "type", "state", "competence", "is_improving", "created_at"]


class ChallengeSerializer(serializers.Serializer):
    """What a learner may see of a challenge before answering: never its solution."""

    id = serializers.CharField()
    type = serializers.CharField()
    instruction = serializers.CharField(help_text="Markdown")
    proposals = serializers.ListField(child=serializers.CharField())
    fields = serializers.ListField(child=serializers.DictField())
    format = serializers.CharField()
    shuffled = serializers.BooleanField()
    timer = serializers.IntegerField(allow_null=True)
    focused = serializers.BooleanField()
    illustration_url = serializers.SerializerMethodField()
    illustration_alt = serializers.CharField()
    attachments = serializers.SerializerMethodField()
    embed_url = serializers.CharField()
    embed_title = serializers.CharField()
    embed_height = serializers.IntegerField(allow_null=True)

    def get_illustration_url(self, challenge) -> str | None:
        return static(f"content/illustrations/{challenge.illustration}") if challenge.illustration else None

    def get_attachments(self, challenge) -> list[str]:
        return [static(attachment.static_path) for attachment in challenge.attachments.all()]


class StartSerializer(serializers.Serializer):
    competence = serializers.CharField(help_text='Code of the competence, e.g. "1.1"')


class AnswerInputSerializer(serializers.Serializer):
    challenge = serializers.CharField()
    value = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text='"#ABAND#" to skip')
    timeout = serializers.IntegerField(
        required=False, allow_null=True, help_text="remaining seconds, < 0 when expired"
    )
    focused_out = serializers.BooleanField(required=False, default=False)


class AnswerResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    challenge = serializers.CharField()
    result = serializers.CharField()
    result_details = serializers.DictField(allow_null=True)
    level_up = serializers.IntegerField(allow_null=True)


class TutorialSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()
    source = serializers.CharField()
    format = serializers.CharField()
    duration_minutes = serializers.IntegerField()


class CorrectionSerializer(serializers.Serializer):
    answer = serializers.CharField()
    result = serializers.CharField()
    result_details = serializers.DictField(allow_null=True)
    solution = serializers.CharField(help_text="in the answer checker's format (pix-engine.md §5)")
    explanation = serializers.CharField()
    tutorials = TutorialSerializer(many=True)
    learning_more = TutorialSerializer(many=True)


class ScorecardSerializer(serializers.Serializer):
    competence = serializers.CharField()
    level = serializers.IntegerField()
    earned_pix = serializers.IntegerField()
    pix_score_ahead_of_next_level = serializers.IntegerField()
    remaining_pix_to_next_level = serializers.IntegerField()
    status = serializers.CharField()
    remaining_days_before_reset = serializers.IntegerField(allow_null=True)
    remaining_days_before_improving = serializers.IntegerField(allow_null=True)
    is_improvable = serializers.BooleanField()
    is_resettable = serializers.BooleanField()
    is_max_level = serializers.BooleanField()


def error_response(error: services.AssessmentError) -> Response:
    return Response({"code": error.code, "detail": error.detail}, status=error.status)


def owned_assessment(request: Request, assessment_id: int) -> Assessment:
    assessment = assessment_of(user=request.user, assessment_id=assessment_id)
    # A certification is taken only through its own pages: the invigilator's lock, no correction.
    if assessment is None or assessment.type == Assessment.Type.CERTIFICATION:
        raise Http404
    return assessment


class StartOrResumeView(APIView):
    @extend_schema(request=StartSerializer, responses={200: AssessmentSerializer})
    def post(self, request: Request) -> Response:
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            assessment = services.competence_evaluation_start_or_resume(
                user=request.user, competence_code=data.validated_data["competence"]
            )
        except services.AssessmentError as error:
            return error_response(error)
        return Response(AssessmentSerializer(assessment).data)


class ImproveView(APIView):
    @extend_schema(request=StartSerializer, responses={200: AssessmentSerializer})
    def post(self, request: Request) -> Response:
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            assessment = services.competence_evaluation_improve(
                user=request.user, competence_code=data.validated_data["competence"]
            )
        except services.AssessmentError as error:
            return error_response(error)
        return Response(AssessmentSerializer(assessment).data)


class AssessmentView(APIView):
    @extend_schema(responses={200: AssessmentSerializer})
    def get(self, request: Request, assessment_id: int) -> Response:
        return Response(AssessmentSerializer(owned_assessment(request, assessment_id)).data)


class NextChallengeView(APIView):
    @extend_schema(
        responses={200: ChallengeSerializer, 204: OpenApiResponse(description="the assessment has ended")}
    )
    def get(self, request: Request, assessment_id: int) -> Response:
        challenge = services.assessment_next_challenge(assessment=owned_assessment(request, assessment_id))
        if challenge is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(ChallengeSerializer(challenge).data)


class AnswerView(APIView):
    @extend_schema(request=AnswerInputSerializer, responses={201: AnswerResultSerializer})
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = owned_assessment(request, assessment_id)
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            outcome = services.answer_save(
                assessment=assessment,
                challenge_id=data.validated_data["challenge"],
                value=data.validated_data["value"],
                timeout=data.validated_data.get("timeout"),
                focused_out=data.validated_data["focused_out"],
            )
        except services.AssessmentError as error:
            return error_response(error)
        answer = outcome.answer
        body = {
            "id": answer.pk,
            "challenge": answer.challenge_id,
            "result": answer.result,
            "result_details": answer.result_details,
            "level_up": outcome.level_up,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class CorrectionView(APIView):
    @extend_schema(responses={200: CorrectionSerializer})
    def get(self, request: Request, answer_id: int) -> Response:
        answer = (
            Answer.objects.filter(pk=answer_id, assessment__user=request.user)
            .exclude(assessment__type=Assessment.Type.CERTIFICATION)  # no correction in an exam
            .select_related("challenge")
            .first()
        )
        if answer is None:
            raise Http404
        skill = Skill.objects.prefetch_related("tutorials", "learning_more").get(pk=answer.challenge.skill_id)
        body = {
            "answer": answer.value,
            "result": answer.result,
            "result_details": answer.result_details,
            "solution": answer.challenge.solution,
            "explanation": answer.challenge.explanation,
            "tutorials": TutorialSerializer(skill.tutorials.all(), many=True).data,
            "learning_more": TutorialSerializer(skill.learning_more.all(), many=True).data,
        }
        return Response(body)


def scorecard_data(scorecard) -> dict:
    return {
        "competence": scorecard.competence,
        "level": scorecard.level,
        "earned_pix": scorecard.earned_pix,
        "pix_score_ahead_of_next_level": scorecard.pix_score_ahead_of_next_level,
        "remaining_pix_to_next_level": scorecard.remaining_pix_to_next_level,
        "status": scorecard.status.value,
        "remaining_days_before_reset": scorecard.remaining_days_before_reset,
        "remaining_days_before_improving": scorecard.remaining_days_before_improving,
        "is_improvable": scorecard.is_improvable,
        "is_resettable": scorecard.is_resettable,
        "is_max_level": scorecard.is_max_level,
    }


class ScorecardsView(APIView):
    @extend_schema(responses={200: ScorecardSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response([scorecard_data(card) for card in scorecards_of(user=request.user)])


class ScorecardResetView(APIView):
    @extend_schema(request=None, responses={200: ScorecardSerializer})
    def post(self, request: Request, competence: str) -> Response:
        try:
            services.scorecard_reset(user=request.user, competence_code=competence)
        except services.AssessmentError as error:
            return error_response(error)
        card = next(c for c in scorecards_of(user=request.user) if c.competence == competence)
        return Response(scorecard_data(card))
