import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.evaluation.test_goals import tree, grow_tree  # noqa

def test_show(world, tree, client_for):
    client = client_for("chief")
    grow_tree(world, tree, 2)
    from evaluation import goal_services
    goal_services.goallink_add(goal=tree["safety"], escalation=world["escalation"], by=None)
    for url in [reverse("evaluation:goal_tree", args=[world["initiative"].pk]), reverse("evaluation:indicator_detail", args=[tree["indicator"].pk]), reverse("evaluation:goal_detail", args=[tree["safety"].pk])]:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        print("\n==", url)
        for q in ctx.captured_queries: print("  ", q["sql"][:230])
