"""Account addresses: French paths of the learner site (pix-orga-learner.md §3.1).

allauth's views keep allauth's URL names (allauth and our templates reverse them), at our paths.
allauth's own URL module is not included: its e-mail management page would change an address
without the code rule, so ``account_email`` is our login-methods page.
"""

from allauth.account import views as allauth_views
from django.urls import path, re_path

from accounts import views

urlpatterns = [
    path("connexion", allauth_views.login, name="account_login"),
    path("deconnexion", allauth_views.logout, name="account_logout"),
    path("inscription", allauth_views.signup, name="account_signup"),
    path(
        "inscription/verification-envoyee",
        allauth_views.email_verification_sent,
        name="account_email_verification_sent",
    ),
    re_path(
        r"^verification-email/(?P<key>[-:\w]+)$", allauth_views.confirm_email, name="account_confirm_email"
    ),
    path("compte-desactive", allauth_views.account_inactive, name="account_inactive"),
    path("cgu", views.cgu, name="account_cgu"),
    # Forgotten password
    path("mot-de-passe-oublie", allauth_views.password_reset, name="account_reset_password"),
    path("mot-de-passe-oublie/envoye", allauth_views.password_reset_done, name="account_reset_password_done"),
    path(
        "changer-mot-de-passe/termine",
        allauth_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    re_path(
        r"^changer-mot-de-passe/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)$",
        allauth_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    # A temporary password (school students) is replaced before anything else.
    path("mise-a-jour-mot-de-passe-expire", views.expired_password, name="account_expired_password"),
    # My account
    path("mon-compte", views.account_home, name="account_home"),
    path(
        "mon-compte/informations-personnelles",
        views.personal_information,
        name="account_personal_information",
    ),
    path("mon-compte/methodes-de-connexion", views.login_methods, name="account_email"),
    path(
        "mon-compte/methodes-de-connexion/code", views.email_change_code, name="account_email_change_confirm"
    ),
    path("mon-compte/mot-de-passe", allauth_views.password_change, name="account_change_password"),
    path("mon-compte/mot-de-passe/definir", allauth_views.password_set, name="account_set_password"),
    path("mon-compte/langue", views.language, name="account_language"),
    path("mon-compte/suppression", views.delete_account, name="account_delete"),
]
