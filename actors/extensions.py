"""Extension points for higher layers.

The organisation page belongs to this app, but what an organisation does in
meetings or escalations lives in apps above it, which this app must not import.
Those apps register a section here from their AppConfig.ready(); the page
renders whatever is registered.
"""

organisation_sections = []


def register_organisation_section(func):
    """func(organisation, user) -> {"template": name, **context} or None."""
    organisation_sections.append(func)
    return func


def render_organisation_sections(organisation, user):
    return [section for func in organisation_sections if (section := func(organisation, user))]


initiative_links = []


def register_initiative_links(func):
    """func(initiative, user) -> [(label, url), ...]: shortcuts shown on the initiative page."""
    initiative_links.append(func)
    return func


def render_initiative_links(initiative, user):
    return [link for func in initiative_links for link in func(initiative, user)]


news_finders = []


def register_news(func):
    """func(user, model_label) -> ids of that model's objects with something new for the user (e.g. unread news)."""
    news_finders.append(func)
    return func


def objects_with_news(user, model_label):
    """The ids lists mark "Nyt": what happened to these objects since the user last looked (an empty set by default)."""
    return set().union(*(func(user, model_label) for func in news_finders))
