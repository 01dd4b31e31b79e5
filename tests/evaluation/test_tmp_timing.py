import io, time
from django.core.management import call_command
from evaluation import demo
from evaluation.models import *
from django.apps import apps

def test_t(db, settings):
    out = io.StringIO()
    call_command("seed_actors", stdout=out)
    from dialogue import demo as d, demo_escalations as e
    d.seed(stdout=out); e.seed(stdout=out)
    t = time.monotonic()
    demo.seed(stdout=out)
    t1 = time.monotonic() - t
    t = time.monotonic()
    demo.seed(stdout=out)
    t2 = time.monotonic() - t
    print(out.getvalue().splitlines()[-2:])
    print("first", round(t1, 2), "rerun", round(t2, 2))
    for m in apps.get_app_config("evaluation").get_models():
        print(m._meta.label, m.objects.count())
    from evaluation.derived import derived_series
    for i in Indicator.objects.filter(method="derived").select_related("goal__initiative"):
        print(i.goal.initiative.short_name, i.name, [(s.isoformat(), v) for s, e_, v in derived_series(i) if v is not None])
