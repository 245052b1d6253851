// The return page as the officer types (returns/views.py `preview`, through htmx):
// the preview sends, for every figure field, what is wrong with it ("{id}-mark",
// empty when nothing is); this marks the field in the GOV.UK error style, or
// unmarks it. When an indicator's preview asks for commentary, its commentary
// opens. Without JavaScript the same marks come with the page after a save.

function markField(mark) {
  const field = document.getElementById(mark.dataset.markFor);
  if (!field) return;
  const wrong = mark.textContent.trim() !== "";
  if (wrong) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
  const group = field.closest(".govuk-form-group");
  // a figure both people changed after a clash keeps its mark (returns/_theirs.html)
  const clash = Boolean(group && group.querySelector(".govuk-error-message[id$='-theirs']"));
  field.classList.toggle("govuk-input--error", wrong || clash);
  if (group) group.classList.toggle("govuk-form-group--error", wrong || clash);
}

function openCommentary(preview) {
  const commentary = document.getElementById(preview.dataset.commentary);
  if (commentary) commentary.open = true;
}

document.body.addEventListener("htmx:load", (event) => {
  const element = event.target;
  if (!(element instanceof HTMLElement)) return;
  if (element.dataset.markFor) markField(element);
  if (element.dataset.commentary) openCommentary(element);
});

// A link to a field inside closed commentary opens it first.
document.body.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[href^='#']") : null;
  const target = link && document.getElementById(link.getAttribute("href").slice(1));
  const details = target && target.closest("details");
  if (details) details.open = true;
});
