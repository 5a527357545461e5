"""The admin of staff members' TOTP devices: each enrols his or her own authenticator app.

Imported once the admin has discovered every app's admin module (config.apps), since importing
django-otp's admin module registers its own ModelAdmin on the admin site.
"""

from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice


class OwnTOTPDeviceAdmin(TOTPDeviceAdmin):
    """TOTP devices: staff add, see and remove their own; superusers manage everyone's."""

    def get_queryset(self, request):
        devices = super().get_queryset(request)
        return devices if request.user.is_superuser else devices.filter(user=request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "user"]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.user = request.user
        super().save_model(request, obj, form, change)

    def _own(self, request, obj):
        return request.user.is_superuser or obj is None or obj.user_id == request.user.pk

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and self._own(request, obj)

    has_add_permission = has_module_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    # django-otp's own views look the device up with objects.get: a missing one would be a 500.
    def config_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().qrcode_view(request, pk)


def register_own_device_admin(site):
    """Put OwnTOTPDeviceAdmin in place of the one django-otp registers."""
    if site.is_registered(TOTPDevice):
        site.unregister(TOTPDevice)
    site.register(TOTPDevice, OwnTOTPDeviceAdmin)
