from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.backends import login_refusal
from accounts.selectors import email_awaiting_verification


class TokenRequestSerializer(serializers.Serializer):
    login = serializers.CharField(help_text=_("Adresse e-mail ou identifiant"))
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(
        required=False,
        help_text="USER_IS_TEMPORARY_BLOCKED, USER_HAS_BEEN_BLOCKED, PASSWORD_CHANGE_REQUIRED or EMAIL_NOT_VERIFIED (403)",
    )


class ObtainTokenView(APIView):
    """Exchange a login and a password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=serializer.validated_data["login"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            refusal = login_refusal(request._request)
            if refusal is not None:
                return Response(
                    {"detail": refusal.detail, "code": refusal.code}, status=status.HTTP_403_FORBIDDEN
                )
            return Response(
                {"detail": _("L'adresse e-mail, l'identifiant ou le mot de passe est incorrect.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if user.must_change_password:
            return Response(
                {
                    "detail": _(
                        "Ce compte a un mot de passe provisoire : connectez-vous d'abord sur le site pour "
                        "choisir votre mot de passe."
                    ),
                    "code": "PASSWORD_CHANGE_REQUIRED",
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        if email_awaiting_verification(user):
            return Response(
                {
                    "detail": _(
                        "Confirmez d'abord votre adresse e-mail grâce au lien reçu après votre inscription."
                    ),
                    "code": "EMAIL_NOT_VERIFIED",
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
