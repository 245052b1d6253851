"""Model factories for the tests (factory_boy): each builds a valid row with
plain defaults, and a test names only what it cares about.

    area = ServiceAreaFactory(name="Payroll")
    rate = IndicatorFactory(service_area=area, unit="%", organisations=[lbh],
                            targets={lbh: "97.00%"})
    MeasurementFactory(indicator=rate, organisation=lbh, month=(2019, 4), amount="96.5")
    officer = make_user("officer.lbh", Role.SERVICE_OFFICER, organisations=[lbh],
                        service_areas=[area])

The web tests' small council (`world`, tests/web/conftest.py) is built from
these; a new test builds what it needs here rather than growing that world."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from goldenthread.finance.models import (
    Allocation,
    Budget,
    BudgetLine,
    FinancePeriod,
    FixedAllocation,
    LineBudget,
    LineForecast,
    PartnerShare,
    ShareBasis,
)
from goldenthread.indicators.models import Breakdown, Indicator, Target
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.people.models import Membership, Role
from goldenthread.plan.models import Action, ActionUpdate, PlanService, PlanUpdate, Priority
from goldenthread.returns.models import Commentary, Measurement, Return
from goldenthread.risks.models import ReviewRound, Risk, RiskReview

PASSWORD = "correct-horse-battery-staple"  # every factory-made person's password
TARGET_YEAR = 2019  # 2019/20, the year of seed 001 and of the world's figures


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"C{n:02d}")
    name = factory.LazyAttribute(lambda o: f"Council {o.code}")
    kind = Organisation.Kind.COUNCIL


class DirectorateFactory(DjangoModelFactory):
    class Meta:
        model = Directorate

    name = factory.Sequence(lambda n: f"Directorate {n}")


class ServiceAreaFactory(DjangoModelFactory):
    class Meta:
        model = ServiceArea

    directorate = factory.SubFactory(DirectorateFactory)
    name = factory.Sequence(lambda n: f"Service area {n}")


class IndicatorFactory(DjangoModelFactory):
    """An indicator; `organisations=[...]` reports it for those councils and
    `targets={organisation: "97.00%"}` sets their targets for 2019/20."""

    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"T-{n:03d}")
    title = factory.Sequence(lambda n: f"Indicator {n}")
    service_area = factory.SubFactory(ServiceAreaFactory)
    unit = "number"
    polarity = "up"
    aggregation = "mean"
    frequency = "monthly"
    scheme = "rag"
    decimals = 0

    @factory.post_generation
    def organisations(self, create: bool, extracted: Iterable[Organisation] | None, **_: Any):
        if create and extracted:
            self.organisations.set(extracted)

    @factory.post_generation
    def targets(self, create: bool, extracted: dict[Organisation, str] | None, **_: Any):
        for organisation, text in (extracted or {}).items():
            TargetFactory(indicator=self, organisation=organisation, text=text)


class BreakdownFactory(DjangoModelFactory):
    class Meta:
        model = Breakdown

    indicator = factory.SubFactory(IndicatorFactory)
    name = factory.Sequence(lambda n: f"Part {n}")


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    year = TARGET_YEAR
    text = "100%"


class MeasurementFactory(DjangoModelFactory):
    """A figure; `month=(2019, 4)` is the first month it covers (April 2019 unless
    said), `months` how many (1, 3 or 12)."""

    class Meta:
        model = Measurement
        exclude = ("month",)

    month = (TARGET_YEAR, 4)
    indicator = factory.SubFactory(IndicatorFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    start = factory.LazyAttribute(lambda o: datetime.date(o.month[0], o.month[1], 1))
    months = 1
    kind = "number"
    amount = factory.LazyFunction(lambda: Decimal("1"))
    decimals = 0

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        if isinstance(kwargs.get("amount"), str | int):
            kwargs["amount"] = Decimal(kwargs["amount"])
        return kwargs


class CommentaryFactory(DjangoModelFactory):
    class Meta:
        model = Commentary

    indicator = factory.SubFactory(IndicatorFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    year = TARGET_YEAR
    quarter = 1
    reasons = "Fewer staff than planned"
    difference = "Two days over target"
    remedial_actions = "Agency cover from July"


class ReturnFactory(DjangoModelFactory):
    """A return, not started (the lifecycle's first state) unless `status` says."""

    class Meta:
        model = Return

    organisation = factory.SubFactory(OrganisationFactory)
    service_area = factory.SubFactory(ServiceAreaFactory)
    year = TARGET_YEAR
    quarter = 1


class UserFactory(DjangoModelFactory):
    """A person who can sign in with `PASSWORD`. No staff or superuser flag: a
    role alone (`MembershipFactory`) opens the admin to the performance team."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"person{n}")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return model_class._default_manager.create_user(*args, **kwargs)


class MembershipFactory(DjangoModelFactory):
    """A person's role and what it covers: `organisations=`, `directorates=` and
    `service_areas=` take lists."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    role = Role.SERVICE_OFFICER
    all_organisations = False

    @factory.post_generation
    def organisations(self, create: bool, extracted: Iterable[Organisation] | None, **_: Any):
        if create:
            self.organisations.set(extracted or ())

    @factory.post_generation
    def directorates(self, create: bool, extracted: Iterable[Directorate] | None, **_: Any):
        if create:
            self.directorates.set(extracted or ())

    @factory.post_generation
    def service_areas(self, create: bool, extracted: Iterable[ServiceArea] | None, **_: Any):
        if create:
            self.service_areas.set(extracted or ())


def make_user(
    username: str,
    role: str,
    *,
    organisations: Iterable[Organisation] = (),
    all_organisations: bool = False,
    directorates: Iterable[Directorate] = (),
    service_areas: Iterable[ServiceArea] = (),
) -> Any:
    """A person with `role` covering what is given; the user, not the membership."""
    membership = MembershipFactory(
        user__username=username,
        role=role,
        all_organisations=all_organisations,
        organisations=list(organisations),
        directorates=list(directorates),
        service_areas=list(service_areas),
    )
    return membership.user


def indicator(
    reference: str,
    title: str,
    area: ServiceArea,
    *,
    unit: str,
    polarity: str,
    aggregation: str,
    decimals: int,
    organisations: Iterable[Organisation],
    targets: dict[Organisation, str],
) -> Indicator:
    """A monthly red-amber-green indicator with its councils and 2019/20 targets."""
    return IndicatorFactory(
        reference=reference,
        title=title,
        service_area=area,
        unit=unit,
        polarity=polarity,
        aggregation=aggregation,
        decimals=decimals,
        organisations=list(organisations),
        targets=targets,
    )


def figure(
    indicator: Indicator,
    organisation: Organisation,
    month: tuple[int, int],
    amount: str,
    decimals: int = 0,
    months: int = 1,
) -> Measurement:
    """A figure of `amount` for the `months` starting in `month` (year, month)."""
    return MeasurementFactory(
        indicator=indicator,
        organisation=organisation,
        month=month,
        amount=amount,
        decimals=decimals,
        months=months,
    )


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Priority {n}")


class PlanServiceFactory(DjangoModelFactory):
    """A service in the plan: `organisation` is whose plan it is."""

    class Meta:
        model = PlanService

    organisation = factory.SubFactory(OrganisationFactory)
    service_area = factory.SubFactory(ServiceAreaFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Plan service {n}")
    lead = "Director of the service"


class ActionFactory(DjangoModelFactory):
    """An action of the plan; `partners=[...]` names its councils (none: ALL)."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"IP{n:02d}")
    service = factory.SubFactory(PlanServiceFactory)
    delivery = "Deliver the thing"
    outcome = "The thing is delivered"
    target = "1st September 2019"
    all_partners = factory.LazyAttribute(lambda o: False)

    @factory.post_generation
    def partners(self, create: bool, extracted: Iterable[Organisation] | None, **_: Any):
        if create:
            if extracted:
                self.partners.set(extracted)
            else:
                self.all_partners = True
                self.save()


class PlanUpdateFactory(DjangoModelFactory):
    class Meta:
        model = PlanUpdate

    organisation = factory.SubFactory(OrganisationFactory)
    service_area = factory.SubFactory(ServiceAreaFactory)
    year = TARGET_YEAR
    quarter = 2


class ActionUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    update = factory.SubFactory(PlanUpdateFactory)
    action = factory.SubFactory(ActionFactory)
    status = "G"
    progress = "On track."


class RiskFactory(DjangoModelFactory):
    """A risk on `organisation`'s register; `partners=[...]` (none: ALL)."""

    class Meta:
        model = Risk
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"SR{n:02d}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    category = "strategic"
    organisation = factory.SubFactory(OrganisationFactory)
    service_area = factory.SubFactory(ServiceAreaFactory)
    inherent_likelihood, inherent_impact = 4, 5
    current_likelihood, current_impact = 3, 4
    target_likelihood, target_impact = 2, 3

    @factory.post_generation
    def partners(self, create: bool, extracted: Iterable[Organisation] | None, **_: Any):
        if create:
            if extracted:
                self.partners.set(extracted)
            else:
                self.all_partners = True
                self.save()


class ReviewRoundFactory(DjangoModelFactory):
    class Meta:
        model = ReviewRound

    organisation = factory.SubFactory(OrganisationFactory)
    service_area = factory.SubFactory(ServiceAreaFactory)
    year = TARGET_YEAR
    quarter = 2


class RiskReviewFactory(DjangoModelFactory):
    class Meta:
        model = RiskReview

    round = factory.SubFactory(ReviewRoundFactory)
    risk = factory.SubFactory(RiskFactory)
    likelihood, impact = 3, 4
    comment = "Reviewed."
    reviewed_on = datetime.date(2019, 9, 30)


# Budget monitoring (issue 19) ------------------------------------------------


@dataclass
class FinanceWorld:
    """A shared service (`os`) with three partner councils, a finance area whose
    officers prepare the forecast (its directorate's director signs off), two
    services with formula shares, shared and non-shared lines with budgets for
    2019/20, and a finance business partner, a director and a reader per council."""

    os: Organisation
    councils: dict[str, Organisation]
    finance_area: ServiceArea
    services: dict[str, ServiceArea]
    budget: Budget
    lines: dict[str, BudgetLine]
    partner: Any  # the finance business partner (a service officer)
    director: Any  # the Director of Finance
    readers: dict[str, Any]  # a reader of each council
    team: Any


def finance_world(year: int = TARGET_YEAR) -> FinanceWorld:
    """Shares: Asset Management LBB 10%, LBH 40%, LBN 50%; Legal 1/3 each.
    Lines (budget): AM1 shared 1,000,000; AM2 shared LBH/LBN only 200,000;
    LG1 shared fixed LBB 100,000 / LBH 300,000 / LBN 600,000; and non-shared
    NS-H (LBH) 500,000, NS-N (LBN) 400,000, NS-B (LBB) 100,000."""
    os_ = OrganisationFactory(code="OS", name="oneSource", kind=Organisation.Kind.SHARED_SERVICE)
    councils = {
        code: OrganisationFactory(code=code, name=name)
        for code, name in (("LBB", "Bexley"), ("LBH", "Havering"), ("LBN", "Newham"))
    }
    finance_area = ServiceAreaFactory(name="Strategic and Operational Finance")
    services = {
        "AM": ServiceAreaFactory(name="Asset Management"),
        "LG": ServiceAreaFactory(name="Legal"),
    }
    budget = Budget.objects.create(organisation=os_, year=year, prepared_by=finance_area)
    for key, shares in (
        ("AM", (Fraction(1, 10), Fraction(4, 10), Fraction(5, 10))),
        ("LG", (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))),
    ):
        basis = ShareBasis.objects.create(service=services[key], year=year, basis="Formula")
        for council, share in zip(councils.values(), shares, strict=True):
            PartnerShare.objects.create(
                basis=basis,
                partner=council,
                numerator=share.numerator,
                denominator=share.denominator,
            )
    specs = [
        ("AM1", "Commercial property", "AM", None, Allocation.FORMULA, "1000000"),
        ("AM2", "Property services", "AM", None, Allocation.PARTNERS, "200000"),
        ("LG1", "Legal services", "LG", None, Allocation.FIXED, "1000000"),
        ("NS-H", "Havering non-shared", "AM", "LBH", Allocation.FORMULA, "500000"),
        ("NS-N", "Newham non-shared", "AM", "LBN", Allocation.FORMULA, "400000"),
        ("NS-B", "Bexley non-shared", "AM", "LBB", Allocation.FORMULA, "100000"),
    ]
    lines = {}
    for code, name, service, council, allocation, amount in specs:
        line = BudgetLine.objects.create(
            organisation=os_,
            code=code,
            name=name,
            service=services[service],
            council=councils[council] if council else None,
            allocation=allocation,
        )
        LineBudget.objects.create(line=line, year=year, budget=Decimal(amount))
        lines[code] = line
    lines["AM2"].partners.set([councils["LBH"], councils["LBN"]])
    for council, amount in zip(councils.values(), ("100000", "300000", "600000"), strict=True):
        FixedAllocation.objects.create(
            line=lines["LG1"], year=year, partner=council, amount=Decimal(amount)
        )
    partner = make_user(
        "fbp", Role.SERVICE_OFFICER, organisations=[os_], service_areas=[finance_area]
    )
    director = make_user(
        "dof", Role.DIRECTOR, organisations=[os_], directorates=[finance_area.directorate]
    )
    readers = {
        code: make_user(f"reader.{code.lower()}", Role.READER, organisations=[council])
        for code, council in councils.items()
    }
    team = make_user("team.finance", Role.PERFORMANCE_TEAM)
    return FinanceWorld(
        os_, councils, finance_area, services, budget, lines, partner, director, readers, team
    )


def forecast_period(
    world: FinanceWorld,
    period: int,
    forecasts: dict[str, str],
    *,
    status: str = "approved",
    year: int = TARGET_YEAR,
) -> FinancePeriod:
    """A period's forecast of the world's lines (code -> forecast), in a state."""
    finance_period = FinancePeriod.objects.create(
        organisation=world.os,
        service_area=world.finance_area,
        year=year,
        period=period,
        status=status,
    )
    for code, amount in forecasts.items():
        LineForecast.objects.create(
            period=finance_period,
            line=world.lines[code],
            forecast=Decimal(amount),
            explanation=f"Why {code} moved" if amount else "",
        )
    return finance_period
