"""What a scale means, and the plan every generator step fills in and reads.

Every generated initiative and organisation carries MARK at the start of its name,
and every generated user's username starts with USER_PREFIX: that is how the
command tells generated data from real data.
"""

import datetime
import math
import random
from dataclasses import dataclass, field

MARK = "[gen] "
USER_PREFIX = "gen-"
INDICATORS_PER_INITIATIVE = 30


@dataclass(frozen=True)
class Scale:
    initiatives: int
    organisations: int
    meetings: int
    invitations: int  # attendance rows
    escalations: int
    measurements: int

    def times(self, factor):
        """The scale with every volume multiplied by `factor`; the number of initiatives stays, so each grows."""
        if factor == 1:
            return self
        return Scale(
            initiatives=self.initiatives,
            **{
                name: max(1, round(getattr(self, name) * factor))
                for name in ("organisations", "meetings", "invitations", "escalations", "measurements")
            },
        )


SCALES = {
    # Hidden from the help text's headline: a few seconds' worth, for the tests.
    "t": Scale(initiatives=4, organisations=48, meetings=60, invitations=480, escalations=60, measurements=240),
    # About ten times the Nørrebro demo (34 organisations, 37 meetings, 430 invitations, 28 cases).
    "s": Scale(initiatives=5, organisations=340, meetings=400, invitations=4_000, escalations=300, measurements=1_500),
    "m": Scale(
        initiatives=10, organisations=500, meetings=20_000, invitations=200_000, escalations=30_000,
        measurements=100_000,
    ),
    "l": Scale(
        initiatives=100, organisations=5_000, meetings=200_000, invitations=2_000_000, escalations=300_000,
        measurements=1_000_000,
    ),
}  # fmt: skip


# The seven administrations of a municipality (DOMAIN.md) and the fields each covers.
DEPARTMENTS = [
    ("ØKF", "Økonomiforvaltningen", "Økonomiudvalget", []),
    ("BUF", "Børne- og Ungdomsforvaltningen", "Børne- og Ungdomsudvalget", ["children_youth"]),
    ("SUF", "Sundheds- og Omsorgsforvaltningen", "Sundheds- og Omsorgsudvalget", ["health"]),
    ("SOF", "Socialforvaltningen", "Socialudvalget", ["social_services"]),
    ("TMF", "Teknik- og Miljøforvaltningen", "Teknik- og Miljøudvalget", ["physical_environment", "public_safety"]),
    ("KFF", "Kultur- og Fritidsforvaltningen", "Kultur- og Fritidsudvalget", ["culture_leisure"]),
    ("BIF", "Beskæftigelses- og Integrationsforvaltningen", "Beskæftigelses- og Integrationsudvalget",
     ["employment_education"]),
]  # fmt: skip


def zipf_weights(n, exponent=1.1):
    """Activity by rank: the first is very active, most are small (a Zipf law)."""
    return [1 / (rank**exponent) for rank in range(1, n + 1)]


def cumulative(weights):
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def apportion(total, weights, minimum=0):
    """Split `total` into integers proportional to `weights` (largest remainders), each at least `minimum`."""
    n = len(weights)
    rest = max(0, total - minimum * n)
    s = sum(weights) or 1
    exact = [rest * w / s for w in weights]
    parts = [math.floor(x) for x in exact]
    for i in sorted(range(n), key=lambda i: parts[i] - exact[i])[: rest - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


@dataclass
class Pool:
    """Organisations to draw from, weighted by activity."""

    ids: list
    weights: list
    cum: list = field(init=False)

    def __post_init__(self):
        self.cum = cumulative(self.weights)

    def one(self, rng):
        return rng.choices(self.ids, cum_weights=self.cum)[0]

    def some(self, rng, k):
        """Up to `k` distinct ids, the active ones more often."""
        k = min(k, len(self.ids))
        seen = dict.fromkeys(rng.choices(self.ids, cum_weights=self.cum, k=2 * k))
        picked = list(seen)[:k]
        if len(picked) < k:
            picked += [i for i in self.ids if i not in seen][: k - len(picked)]
        return picked


@dataclass
class Municipality:
    number: int
    name: str
    district: int = 0  # area id
    departments: list = field(default_factory=list)  # ids, in DEPARTMENTS order
    police: int = 0
    ssp: int = 0
    forum: int = 0  # body ids
    partnership: int = 0
    mayors: list = field(default_factory=list)  # person ids, one per department


@dataclass
class InitiativePlan:
    index: int
    id: int
    name: str
    phase: str  # "running", "ending" or "ended"
    start: datetime.date
    end: datetime.date
    weight: float
    municipality: Municipality
    closed_at: datetime.datetime | None = None
    areas: list = field(default_factory=list)
    lead_department: int = 0
    departments: list = field(default_factory=list)  # engaged departments
    locals: list = field(default_factory=list)  # local actors, most active first
    pool: Pool | None = None  # everyone engaged, weighted
    raisers: Pool | None = None  # who raises cases: local actors mostly
    people: list = field(default_factory=list)
    steering: int = 0
    project_team: int = 0
    network: int = 0
    resident_bodies: list = field(default_factory=list)
    series: dict = field(default_factory=dict)  # meeting kind -> series id
    users: dict = field(default_factory=dict)  # role kind -> user id
    ladder: dict = field(default_factory=dict)  # level -> (ack_days, resolve_days)
    escalations: list = field(default_factory=list)  # ids, oldest first
    today: datetime.date | None = None

    @property
    def active_until(self):
        """The last day things happen in it: its end, or today for one still running."""
        return min(self.end, self.today)


@dataclass
class Context:
    scale: Scale
    rng: random.Random
    today: datetime.date
    now: datetime.datetime
    tz: object
    writer: object
    log: object
    municipalities: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    organisation_ids: list = field(default_factory=list)
