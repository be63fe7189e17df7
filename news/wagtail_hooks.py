from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from profile_site.history import ReadableSnippetHistoryView

from .models import NewsItem


class NewsItemViewSet(SnippetViewSet):
    model = NewsItem
    icon = "date"
    menu_label = "News"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["__str__", Column("date_display", label="Date"), "publication", LiveStatusTagColumn()]
    list_filter = ["live", "date"]
    search_fields = ["text"]
    ordering = ["sort_order", "-date", "pk"]  # the homepage's order, which the owner changes by dragging
    history_view_class = ReadableSnippetHistoryView


register_snippet(NewsItemViewSet)
