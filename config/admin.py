"""The staff admin: Django's, under the campaign's name, with two-factor logins, a "view on
site" that shows nothing it should not, and what every app's ModelAdmins share.

With STAFF_TWO_FACTOR_REQUIRED (production), only a user verified by a one-time code (django-otp)
may use the admin: the login page asks for the code of the user's authenticator app (TOTP) or a
one-time static code. Each staff member enrols an app under "TOTP devices" (its QR code), where
staff see and add only their own; superusers see everyone's and give a first static code under
"Static devices" (or `manage.py addstatictoken USERNAME`) to someone who has no device yet.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from home.selectors import public_site


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Django-otp's admin login; a user with one device need not pick it from a list."""

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user))
            if len(devices) == 1:
                device = devices[0]
        return device


class CampaignAdminSite(admin.AdminSite):
    def each_context(self, request):
        """Name the campaign in every admin page's header and title, not "Django administration"."""
        context = super().each_context(request)
        name = public_site().name
        context["site_header"] = name
        context["site_title"] = _("%(campaign)s admin") % {"campaign": name}
        return context

    @property
    def login_form(self):
        if settings.STAFF_TWO_FACTOR_REQUIRED:
            return StaffLoginForm
        return AdminAuthenticationForm

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.STAFF_TWO_FACTOR_REQUIRED else None

    def has_permission(self, request):
        """Active staff, and with STAFF_TWO_FACTOR_REQUIRED verified by a one-time code."""
        return super().has_permission(request) and (
            not settings.STAFF_TWO_FACTOR_REQUIRED or request.user.is_verified()
        )

    def index(self, request, extra_context=None):
        """The index, with the verification emails' backlog and the background processes'
        signs of life (as /healthz?details=1 gives them) for those who may view signatures."""
        if request.user.has_perm("petitions.view_signature"):
            from .health import details

            extra_context = (extra_context or {}) | {"operations": details()}
        return super().index(request, extra_context)

    def get_urls(self):
        # Django's own shortcut redirects to any object at all, a draft petition's page too.
        return [
            path(str(url.pattern), self.admin_view(self.view_on_site), name=url.name)
            if isinstance(url, URLPattern) and url.name == "view_on_site"
            else url
            for url in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to an object's public page if the user may view it in this admin, else 404."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError) as error:
            raise Http404 from error
        model_admin = self._registry.get(model)
        # get_object looks within the ModelAdmin's queryset: a coordinator's countries' events.
        obj = model_admin.get_object(request, object_id) if model_admin else None
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)


class RefusesBadListFilters:
    """Answer a list page's impossible filter as Django answers a bad one, never with a 500."""

    def lookup_allowed(self, lookup, value, request=None):
        # PostgreSQL cannot compare a string with NUL in it, and Django lets it reach the query.
        return "\x00" not in value and super().lookup_allowed(lookup, value, request)

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            # The date hierarchy turns ?starts_at__year=99999999999 into an uncaught OverflowError.
            raise IncorrectLookupParameters(error) from error


class ReadOnlyAdmin(RefusesBadListFilters, admin.ModelAdmin):
    """Records written by the service only (audit trails, job logs): staff read, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
