"""Upload -> preview -> apply, the same page for every import. A module's
view names its template, its upload's wording, its importer, and what to say
once it is saved; the rest is here."""

from __future__ import annotations

import abc
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from goldenthread.imports.forms import WorkbookUploadForm
from goldenthread.imports.pipeline import ImportRefused, SpreadsheetImport, apply_payload
from goldenthread.imports.signing import open_preview, sign_preview

MAX_LISTED_PROBLEMS = 200


class SpreadsheetImportView(View, abc.ABC):
    """GET: the upload form. POST a workbook: the preview, with the signed
    payload to apply it. POST the payload: check it again and save it."""

    http_method_names = ["get", "head", "post"]
    template_name: str
    upload_label: str
    upload_help: str
    required_message = "Choose the .xlsx file to upload"
    size_advice = ""

    @abc.abstractmethod
    def importer(self) -> SpreadsheetImport[Any, Any]:
        """This person's import on this page."""

    @abc.abstractmethod
    def applied(self, preview: Any, result: Any) -> HttpResponse:
        """The answer once saved: a message and a redirect."""

    def check_access(self) -> None:
        """Raise PermissionDenied for a person who may not import here."""

    def page_context(self) -> dict[str, Any]:
        return {}

    def preview_context(self, preview: Any) -> dict[str, Any]:
        return {}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (request.method or "").lower() not in self.http_method_names:
            response: HttpResponse = self.http_method_not_allowed(request, *args, **kwargs)
            return response  # before anything is looked at, as for every other page
        self.check_access()
        answer: HttpResponse = super().dispatch(request, *args, **kwargs)
        return answer

    def upload_form(self, *args: Any) -> WorkbookUploadForm:
        return WorkbookUploadForm(
            *args,
            label=self.upload_label,
            help_text=self.upload_help,
            required_message=self.required_message,
            size_advice=self.size_advice,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(self.upload_form(), None, [])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "payload" in request.POST:
            return self.apply(request.POST["payload"])
        form = self.upload_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, None, [("id_workbook", m) for m in form.errors["workbook"]])
        upload = form.cleaned_data["workbook"]
        try:
            preview = self.importer().read(upload.read(), filename=upload.name)
        except ImportRefused as refusal:
            return self.page(form, None, [("id_workbook", str(p)) for p in refusal.problems])
        return self.page(form, preview, [])

    def apply(self, token: str) -> HttpResponse:
        importer = self.importer()
        # the person as a plain model instance: the request's lazy user would be
        # unwrapped again for each of thousands of history rows
        person = get_user_model().objects.get(pk=self.request.user.pk)
        try:
            payload = open_preview(
                token,
                kind=importer.kind,
                user_id=person.pk,
                bound_to=importer.bound_to(),
                noun=importer.noun,
            )
            preview, result = apply_payload(importer, payload, by=person)
        except ImportRefused as refusal:
            errors = [("id_workbook", str(p)) for p in refusal.problems]
            return self.page(self.upload_form(), None, errors)
        return self.applied(preview, result)

    def page(
        self, form: WorkbookUploadForm, preview: Any, errors: list[tuple[str, str]]
    ) -> HttpResponse:
        context: dict[str, Any] = {
            "form": form,
            "errors": errors[:MAX_LISTED_PROBLEMS],
            "preview": preview,
            **self.page_context(),
        }
        if preview is not None:
            importer = self.importer()
            context["payload"] = sign_preview(
                importer.to_payload(preview),
                kind=importer.kind,
                user_id=self.request.user.pk,
                bound_to=importer.bound_to(),
            )
            context.update(self.preview_context(preview))
        return render(self.request, self.template_name, context, status=400 if errors else 200)
