from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.tenancy import site_url
from tenants.selectors import partner_governments


def platform_landing(request: HttpRequest) -> HttpResponse:
    governments = []
    for government in partner_governments():
        # Domains are prefetched; the primary one is the government's address.
        domains = sorted(government.domains.all(), key=lambda domain: not domain.is_primary)
        url = f"{site_url(request, domain=domains[0].domain)}/" if domains else ""
        governments.append({"government": government, "url": url})
    return render(request, "tenants/platform_landing.html", {"governments": governments})
