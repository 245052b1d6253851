"""The indicator register: the list, and the performance team's changes to
its entries (an indicator's page and its targets page, which show and write
figures too, are `overview.indicator_views`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from goldenthread.domain.search import Search
from goldenthread.indicators import selectors, services
from goldenthread.indicators.forms import IndicatorEditForm
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.search import matching
from goldenthread.pages.forms import form_page
from goldenthread.people.access import scope_of


@require_safe
def register(request: HttpRequest) -> HttpResponse:
    include_retired = request.GET.get("retired") == "1"
    search = Search.of(request.GET.get("q"))
    return render(
        request,
        "indicators/register.html",
        {
            "indicators": matching(selectors.register(include_retired=include_retired), search),
            "include_retired": include_retired,
            "search": search,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def indicator_edit(request: HttpRequest, reference: str | None = None) -> HttpResponse:
    """The performance team adds a register entry, or changes or retires one."""
    if not scope_of(request.user).is_performance_team:
        raise PermissionDenied("Only the performance team changes the register")
    indicator = get_object_or_404(Indicator, reference=reference) if reference else None
    form = IndicatorEditForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_save(
                indicator=form.save(commit=False),
                organisations=form.cleaned_data["organisations"],
                breakdowns=form.cleaned_data["breakdowns"],
                seen=form.cleaned_data["seen"],
                councils_from=form.cleaned_data["councils_from"],
                by=request.user,
            )
        except services.IndicatorChanged as changed:
            form.changed_meanwhile(changed)  # saved by someone between the check and now
        except services.ReachesApproved as refused:  # approved between the check and now
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"{saved.reference} {saved.title} saved.")
            return redirect("indicators:detail", saved.reference)
    if indicator is None:
        return form_page(
            request, form, heading="Add an indicator", cancel_url=reverse("indicators:list")
        )
    return form_page(
        request,
        form,
        heading=f"Change {indicator.title}",
        caption=f"{indicator.reference} · {indicator.service_area}",
        cancel_url=reverse("indicators:detail", args=[indicator.reference]),
    )
