"""A real SMTP server in the test process (aiosmtpd), and a case to notify about."""

import asyncio
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from dialogue.escalations import services as escalations


class Recorder:
    """Stores every message it accepts; `refuse` makes it answer DATA with that SMTP reply instead."""

    def __init__(self):
        self.messages = []
        self.refuse = None
        self.hold = False  # True: keep the sender waiting for the answer to DATA (a worker to kill mid-send)

    async def handle_DATA(self, server, session, envelope):
        while self.hold:
            await asyncio.sleep(0.05)
        if self.refuse:
            return self.refuse
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """An SMTP server on a free local port, and the settings that send through it."""
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield recorder
    controller.stop()


@pytest.fixture
def raised(world, users):
    """A case raised by the coordinator (the chief triages it)."""
    return escalations.escalation_raise(
        initiative=world["initiative"],
        organisation=world["askov"],
        by=users["coordinator"],
        data={
            "title": "Knallerter på stien",
            "description": "Unge kører på stien om aftenen.",
            "theme": "public_safety",
        },
    )
