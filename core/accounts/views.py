"""Account pages of a government's site. They parse input, call the services and show their
located errors; everything typed except passwords is shown again on a refused form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.accounts import errors, selectors, services
from core.accounts.forms import ProfileForm, SignUpForm
from core.accounts.tokens import password_reset_tokens
from core.errors import ApplicationError
from core.models import User
from core.tenancy import site_url

# Where an external sign-in in progress is kept between leaving for the provider and coming back.
PENDING_SIGN_IN_SESSION_KEY = "accounts.pending_sign_in"
MODEL_BACKEND = "core.accounts.backends.AccountBackend"


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:home")


@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.citizen_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                password_confirmation=form.cleaned_data["password_confirmation"],
                full_name=form.cleaned_data["full_name"],
                government=request.tenant,  # type: ignore[attr-defined]
                site_url=site_url(request),
            )
        except ApplicationError as error:
            form.add_located_errors(error.errors)
        else:
            return redirect("accounts:sign_up_done")
    status = 400 if form.errors else 200
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


def sign_up_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_up_done.html")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.email_verify(token=token)
    except ApplicationError as error:
        return render(
            request,
            "accounts/verify_email_invalid.html",
            {"problems": [problem.message for problem in error.errors]},
            status=400,
        )
    return render(request, "accounts/verify_email_done.html", {"verified_email": user.email})


@login_required
@require_POST
def verification_resend(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.email_verified:
        messages.info(request, _("Tu correo ya está verificado."))
    else:
        services.email_verification_send(
            user=user,
            government=request.tenant,  # type: ignore[attr-defined]
            site_url=site_url(request),
        )
        messages.success(
            request,
            _("Te enviamos un nuevo enlace de verificación a %(email)s.") % {"email": user.email},
        )
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.citizen_profile_update(
                    user=user,
                    full_name=form.cleaned_data["full_name"],
                    curp=form.cleaned_data["curp"],
                    phone=form.cleaned_data["phone"],
                )
            except ApplicationError as error:
                form.add_located_errors(error.errors)
            else:
                messages.success(request, _("Guardamos tus datos."))
                return redirect("accounts:profile")
    else:
        form = ProfileForm(
            initial={"full_name": user.full_name, "curp": user.curp, "phone": user.phone}
        )
    status = 400 if form.errors else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    token_generator = password_reset_tokens

    def form_valid(self, form: Any) -> HttpResponse:
        # The link is built from the request's host: the government's own subdomain.
        self.extra_email_context = {"government": self.request.tenant}  # type: ignore[attr-defined]
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    token_generator = password_reset_tokens

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The link reached its owner's mailbox, which is what verification proves.
        services.user_mark_email_verified(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _provider_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return render(
        request,
        "accounts/provider_error.html",
        {"problems": [problem.message for problem in error.errors]},
        status=400,
    )


def provider_start(request: HttpRequest, key: str) -> HttpResponse:
    provider = selectors.identity_provider_get(key=key)
    if provider is None:
        raise Http404
    redirect_uri = request.build_absolute_uri(reverse("accounts:provider_callback", args=[key]))
    try:
        url, pending = provider.begin(redirect_uri=redirect_uri)
    except ApplicationError as error:
        return _provider_error(request, error)
    request.session[PENDING_SIGN_IN_SESSION_KEY] = {
        **pending,
        "provider": key,
        "next": _safe_next(request, request.GET.get("next", "")),
    }
    return HttpResponseRedirect(url)


def provider_callback(request: HttpRequest, key: str) -> HttpResponse:
    provider = selectors.identity_provider_get(key=key)
    if provider is None:
        raise Http404
    # Used once, whatever the outcome: a replayed answer finds nothing to match.
    pending = request.session.pop(PENDING_SIGN_IN_SESSION_KEY, None) or {}
    if pending.get("provider") != key:
        pending = {}
    redirect_uri = request.build_absolute_uri(reverse("accounts:provider_callback", args=[key]))
    try:
        claims = provider.complete(
            params=request.GET.dict(), pending=pending, redirect_uri=redirect_uri
        )
        user = services.external_identity_sign_in(
            provider_key=key,
            subject=claims.subject,
            email=claims.email,
            email_verified=claims.email_verified,
            full_name=claims.full_name,
        )
    except ApplicationError as error:
        return _provider_error(request, error)
    if not user.is_active:
        return _provider_error(
            request,
            ApplicationError.single(
                errors.PROVIDER_REFUSED,
                "Esta cuenta está desactivada.",
                "This account is disabled.",
            ),
        )
    login(request, user, backend=MODEL_BACKEND)
    return HttpResponseRedirect(_safe_next(request, pending.get("next", "")))
