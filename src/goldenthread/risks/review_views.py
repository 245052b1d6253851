"""A service area's quarterly review of its risks (the page the kind
`RISK_REVIEWS` points at): a form per open risk showing its last signed-off
score; save, and submit for sign-off; the sign-off block of the shared
lifecycle (`submissions.views`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from goldenthread.domain import lifecycle
from goldenthread.domain.lifecycle import Action as Move
from goldenthread.domain.lifecycle import Party
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.risk_matrix import Matrix
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope, scope_of
from goldenthread.risks.forms import ReviewForm
from goldenthread.risks.kind import RISK_REVIEWS
from goldenthread.risks.models import ReviewRound, Risk, RiskReview
from goldenthread.risks.selectors import Standing, risk_matrix, signed_off_reviews, standings
from goldenthread.risks.services import review_save, round_open, round_submit
from goldenthread.submissions import views as submissions
from goldenthread.submissions.forms import DecisionForm
from goldenthread.submissions.services import StaleSubmission


@dataclass
class ReviewPage:
    """Everything the review page is about, checked for this person."""

    scope: Scope
    organisation: Organisation
    service_area: ServiceArea
    quarter: Quarter
    risks: list[Risk]
    round: ReviewRound | None
    matrix: Matrix

    @property
    def parties(self) -> set[Party]:
        return RISK_REVIEWS.parties(self.scope, self.organisation, self.service_area)

    @property
    def can_edit(self) -> bool:
        return lifecycle.may(Move.SAVE, self.parties)

    @property
    def editable(self) -> bool:
        return self.can_edit and (self.round is None or lifecycle.editable(self.round.status))

    @property
    def version(self) -> int:
        return self.round.version if self.round else 0

    @property
    def args(self) -> list[object]:
        year = self.quarter.financial_year.start_year
        return [self.organisation.code, self.service_area.id, year, self.quarter.number]

    def forms(self, data: object = None) -> list[ReviewForm]:
        """A form per risk (prefixed with its reference), showing what is stored."""
        stored = {r.risk_id: r for r in self.round.reviews.all()} if self.round else {}
        signed = signed_off_reviews(self.risks, until=self.quarter.previous())
        made = []
        for risk in self.risks:
            review = stored.get(risk.pk)
            initial = (
                {
                    "likelihood": review.likelihood,
                    "impact": review.impact,
                    "comment": review.comment,
                }
                if review
                else _last_signed_off(risk, signed.get(risk.pk, []))
            )
            made.append(
                ReviewForm(
                    data, prefix=risk.reference, initial=initial, risk=risk, matrix=self.matrix
                )
            )
        return made


def _last_signed_off(risk: Risk, reviews: list[RiskReview]) -> dict[str, int]:
    """A new review starts from the last signed-off score (else the register's)."""
    score = reviews[0].score if reviews else risk.current
    return {"likelihood": score.likelihood, "impact": score.impact}


def review_page(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> ReviewPage:
    """The review's page, or 404 if it is not one this person may see."""
    scope = scope_of(request.user)
    organisation = get_object_or_404(Organisation, code=code[:20])
    if not scope.sees_organisation(organisation.id):
        raise Http404("No such risk review")
    service_area = get_object_or_404(
        ServiceArea.objects.select_related("directorate"), pk=service_area_id
    )
    if not 1 <= number <= 4 or not 2000 <= year <= 2100:
        raise Http404("No such quarter")
    found = ReviewRound.objects.filter(
        organisation=organisation, service_area=service_area, year=year, quarter=number
    ).first()
    reviewed = list(found.reviews.values_list("risk_id", flat=True)) if found else []
    risks = list(
        Risk.objects.filter(organisation=organisation, service_area=service_area)
        .filter(Q(status=Risk.Status.OPEN) | Q(pk__in=reviewed))
        .order_by("reference")
    )
    if not risks:
        raise Http404("No risks to review for this council and service area")
    quarter = Quarter(FinancialYear(year), number)
    return ReviewPage(scope, organisation, service_area, quarter, risks, found, risk_matrix())


@require_http_methods(["GET", "HEAD", "POST"])
def review(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    page = review_page(request, code, service_area_id, year, number)
    if request.method != "POST":
        return _render(request, page, page.forms())
    if not page.can_edit:
        raise PermissionDenied("You do not review this service area's risks")
    forms = page.forms(request.POST)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    if not all([f.is_valid() for f in forms]):
        return _render(request, page, forms)
    review_round = page.round or round_open(page.organisation, page.service_area, page.quarter)
    try:
        changed = review_save(
            review_round, [f.entry() for f in forms], expected_version=version, by=request.user
        )
        if request.POST.get("action") == "submit":
            round_submit(review_round, expected_version=review_round.version, by=request.user)
            messages.success(request, RISK_REVIEWS.done[Move.SUBMIT])
        else:
            plural = "s" if changed != 1 else ""
            messages.success(request, f"Risk review saved ({changed} change{plural}).")
    except StaleSubmission:
        review_round.refresh_from_db()
        page.round = review_round
        by = review_round.updated_by
        who = (by.get_full_name() or by.get_username()) if by else "Someone else"
        return _render(
            request,
            page,
            forms,
            refused=f"{RISK_REVIEWS.stale} (Last saved by {who}.)",
            show_saved=True,
        )
    except lifecycle.Refused as error:
        review_round.refresh_from_db()
        page.round = review_round
        return _render(request, page, page.forms(request.POST), refused=str(error))
    return redirect("risks:review", *page.args)


@require_http_methods(["GET", "HEAD", "POST"])
def decide(
    request: HttpRequest, code: str, service_area_id: int, year: int, number: int
) -> HttpResponse:
    """A decision on the review (the sign-off form posts here); opened in the
    address bar, it leads to the review."""
    page = review_page(request, code, service_area_id, year, number)
    if request.method != "POST":
        return redirect("risks:review", *page.args)
    if not submissions.may_post(request, page.parties):
        raise PermissionDenied("You do not sign off this directorate")
    if page.round is None:
        nothing = DecisionForm(request.POST)
        nothing.add_error(None, "There is nothing to sign off: this review has not been started.")
        return _render(request, page, page.forms(), decision=nothing)
    decision = submissions.decide(request, page.round, parties=page.parties)
    if decision is None:
        return redirect("risks:review", *page.args)
    page.round.refresh_from_db()
    return _render(request, page, page.forms(), decision=decision)


def _render(
    request: HttpRequest,
    page: ReviewPage,
    forms: list[ReviewForm],
    *,
    refused: str = "",
    decision: DecisionForm | None = None,
    show_saved: bool = False,
) -> HttpResponse:
    before: dict[int, Standing] = {
        s.risk.pk: s
        for s in standings(page.risks, matrix=page.matrix, quarter=page.quarter.previous())
    }
    errors: list[tuple[str, str]] = [("", refused)] if refused else []
    for form in forms:
        for name, messages_ in form.errors.items():
            anchor = form[name].auto_id if name in form.fields else ""
            errors += [(anchor, f"{form.risk.reference}: {message}") for message in messages_]
    if decision is not None:
        errors += [
            ("id_reason" if name == "reason" else "", message)
            for name, messages_ in decision.errors.items()
            for message in messages_
        ]
    saved = {r.risk_id: r for r in page.round.reviews.all()} if page.round else {}
    rows = []
    for form in forms:
        last = before.get(form.risk.pk)
        stored = saved.get(form.risk.pk)
        if stored is not None and page.matrix.refusal(stored.score) is not None:
            stored = None
        rows.append(
            {
                "risk": form.risk,
                "form": form,
                "last": page.matrix.describe(last.current) if last else "",
                "last_reviewed": last.last_reviewed if last else None,
                "level": last.level if last else None,
                "stored": page.matrix.describe(stored.score) if stored else "",
                "comment": stored.comment if stored else "",
                "theirs": show_saved and stored is not None,
            }
        )
    return render(
        request,
        "risks/review.html",
        {
            "page": page,
            "round": page.round,
            "rows": rows,
            "errors": errors,
            "version": page.version,  # after a stale save: saving again keeps what is shown
            "editable": page.editable,
            "sign_off": (
                submissions.sign_off(page.round, parties=page.parties, decision=decision)
                if page.round is not None
                else None
            ),
        },
        status=400 if errors else 200,
    )
