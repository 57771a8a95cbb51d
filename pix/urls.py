from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import ObtainTokenView
from pix.health import health

# Swagger UI sets inline styles itself: the one page allowed to have them.
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

api_patterns = [
    path("token", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
    path("", include("assessments.urls")),
    path("", include("certification.urls")),  # the "livret scolaire" export
]

urlpatterns = [
    path("health", health, name="health"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Sign-in, sign-up, passwords and /mon-compte, at the learner site's French addresses.
    path("", include("accounts.urls")),
    path("challenges/", include("challenges.urls")),
    path("orga/", include("orga.urls")),
    path("certif/", include("certif.urls")),
    path("", include("learners.urls")),
]

admin.site.site_header = "Pix libre – administration"
admin.site.site_title = "Pix libre"
