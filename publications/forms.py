"""The publication editor's form: authors can be pasted as one line, as they appear on the paper."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from profile_site.models import ProfileSettings
from publications.formats.bibtex import pasted_author_names

PASTE_HELP = (
    'Paste the author line ("Ada Lovelace, Charles Babbage and Mary Somerville", one per line, or a BibTeX '
    'author field "Lovelace, Ada and Babbage, Charles"): each name is added below when you save; a list ending '
    '"et al." ticks "more authors", one before a name ticks that name\'s "et al. before".'
)


class PublicationPageForm(WagtailAdminPageForm):
    paste_authors = forms.CharField(
        label="Add authors by pasting",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=PASTE_HELP,
    )

    def clean(self):
        cleaned = super().clean()
        self.pasted_names, more = pasted_author_names(cleaned.get("paste_authors", ""))
        if more:  # "…, et al.": the page says the list goes on after the last name
            cleaned["more_authors"] = True
        authors = self.formsets["authors"]
        authors.is_valid()  # cleans its rows (the page's form is cleaned before its formsets)
        kept = [
            form
            for form in authors.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("name")
            and not form.cleaned_data.get("DELETE")
        ]
        if not kept and not self.pasted_names:
            self.add_error("paste_authors", "A publication needs an author: paste the author line, or add one below.")
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=False)
        if self.pasted_names:
            author_model = self.formsets["authors"].model  # PublicationAuthor: the models module uses this form
            profile = ProfileSettings.for_default_site() or ProfileSettings()
            existing = {author.name for author in page.authors.all()}
            order = len(page.authors.all())
            for name, others_before in self.pasted_names:
                if name not in existing:
                    author = author_model(
                        name=name, is_owner=profile.is_owner(name), others_before=others_before, sort_order=order
                    )
                    page.authors.add(author)
                    existing.add(name)
                    order += 1
        if commit:
            page.save()
        return page
