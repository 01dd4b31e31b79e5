"""Danish by default, whatever the browser says; English when the user switches."""

from django.urls import reverse


def test_the_site_is_danish_even_when_the_browser_asks_for_english(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="da">' in page.content.decode()
    assert "Log ind" in page.content.decode()


def test_the_language_switch_turns_the_site_english_without_signing_in(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    page = client.get(reverse("login"))
    assert '<html lang="en">' in page.content.decode()
    assert "Log in" in page.content.decode()


def test_an_unknown_language_falls_back_to_danish(client, db):
    client.cookies["django_language"] = "xx"
    assert '<html lang="da">' in client.get(reverse("login")).content.decode()
