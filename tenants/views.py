from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.selectors import partner_governments


def platform_landing(request: HttpRequest) -> HttpResponse:
    port = request.get_port()
    port_suffix = "" if port in {"80", "443"} else f":{port}"
    governments = [
        {
            "government": government,
            "url": f"{request.scheme}://{government.domains.all()[0].domain}{port_suffix}/"
            if government.domains.all()
            else "",
        }
        for government in partner_governments()
    ]
    return render(request, "tenants/platform_landing.html", {"governments": governments})
