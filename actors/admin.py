from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Area, Body, BodyLink, Engagement, Initiative, Organisation, Person, Role, Seat


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organisation", "reports_to"]
    list_filter = ["kind"]
    search_fields = ["name"]


class EngagementInline(admin.TabularInline):
    model = Engagement
    extra = 0


class BodyLinkInline(admin.TabularInline):
    model = BodyLink
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start", "end", "lead_department", "chief"]
    inlines = [EngagementInline, BodyLinkInline]


for model in (Area, Person, Seat, Role, Engagement):
    admin.site.register(model, SimpleHistoryAdmin)
