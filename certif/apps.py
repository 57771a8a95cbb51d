from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertifConfig(AppConfig):
    name = "certif"
    verbose_name = _("Pix Certif")
