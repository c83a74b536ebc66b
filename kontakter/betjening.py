"""When a line is staffed: weekly rules, date exceptions and Norwegian public
holidays, in Europe/Oslo, and what a page says about it now.

Pure: plain data in, plain data out, no ORM. A channel's rules and exceptions are
rows (kontakter.models.Betjeningstid, Betjeningsavvik) that the channel compiles
into one JSON value, `Kontaktkanal.timeplan` (`compile_timeplan`), so a page that
shows a number needs no further query to say whether it is open.

A rule belongs to the day it opens: 18:00–04:00 «natt til lørdag» is Friday's,
and a holiday closes a rule that opens on it. Every comparison is in UTC, so the
nights the clocks change are as long as they really are.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

OSLO = ZoneInfo("Europe/Oslo")
# HSDS 3.0 `byday` (RFC 5545) codes, Monday first, as Python's weekday() counts.
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTH_NAMES = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
WEEKDAYS = frozenset(range(5))
# How far ahead a closed line's next opening is looked for: a normal week, and
# then as far as a long closure (a summer, an exception) can reach.
NEAR_DAYS = 8
FAR_DAYS = 400


@cache
def holidays_of(year: int) -> dict[date, str]:
    """Norway's public holidays (helligdager and høytidsdager) from `holidays`."""
    return dict(holidays.country_holidays("NO", years=year, language="no"))


def holiday(day: date) -> str:
    """The holiday's name, or "" on an ordinary day."""
    return holidays_of(day.year).get(day, "")


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def parse_hhmm(text: str) -> time:
    return time.fromisoformat(text)


# --- The schedule -----------------------------------------------------------------


@dataclass(frozen=True)
class Regel:
    """A weekly rule: on these days (0 = Monday), from opens to closes; a close
    at or before the opening is the next morning's."""

    days: frozenset[int]
    opens: time
    closes: time

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens

    def minutes(self) -> list[tuple[int, int]]:
        """The rule's spans as minutes of the week (Monday 00:00 is 0)."""
        start = self.opens.hour * 60 + self.opens.minute
        end = self.closes.hour * 60 + self.closes.minute
        if end <= start:
            end += 24 * 60
        return [(day * 1440 + start, day * 1440 + end) for day in sorted(self.days)]


@dataclass(frozen=True)
class Avvik:
    """Dates whose hours replace the weekly rules: closed (no times) or open
    from opens to closes on each of them."""

    first: date
    last: date
    opens: time | None = None
    closes: time | None = None
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Timeplan:
    regler: tuple[Regel, ...] = ()
    avvik: tuple[Avvik, ...] = ()
    closed_on_holidays: bool = True

    def to_json(self) -> dict:
        return {
            "regler": [
                {
                    "dager": [DAYS[d] for d in sorted(r.days)],
                    "apner": hhmm(r.opens),
                    "stenger": hhmm(r.closes),
                }
                for r in self.regler
            ],
            "avvik": [
                {
                    "fra": a.first.isoformat(),
                    "til": a.last.isoformat(),
                    "apner": hhmm(a.opens) if a.opens else None,
                    "stenger": hhmm(a.closes) if a.closes else None,
                    "merknad": a.note,
                }
                for a in self.avvik
            ],
            "stengt_helligdager": self.closed_on_holidays,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Timeplan":
        return cls(
            regler=tuple(
                Regel(
                    frozenset(DAYS.index(d) for d in r["dager"]),
                    parse_hhmm(r["apner"]),
                    parse_hhmm(r["stenger"]),
                )
                for r in data.get("regler", [])
            ),
            avvik=tuple(
                Avvik(
                    date.fromisoformat(a["fra"]),
                    date.fromisoformat(a["til"]),
                    parse_hhmm(a["apner"]) if a.get("apner") else None,
                    parse_hhmm(a["stenger"]) if a.get("stenger") else None,
                    a.get("merknad", ""),
                )
                for a in data.get("avvik", [])
            ),
            closed_on_holidays=data.get("stengt_helligdager", True),
        )

    def hours_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The spans that open on this day, in UTC."""
        exception = next((a for a in self.avvik if a.covers(day)), None)
        if exception is not None:
            if exception.opens is None or exception.closes is None:
                return []
            return [span(day, exception.opens, exception.closes)]
        if self.closed_on_holidays and holiday(day):
            return []
        return [
            span(day, r.opens, r.closes) for r in self.regler if day.weekday() in r.days
        ]

    def spans(self, first: date, last: date) -> list[tuple[datetime, datetime]]:
        """Every span opening from first to last, merged where they touch."""
        found = []
        day = first
        while day <= last:
            found += self.hours_on(day)
            day += timedelta(days=1)
        merged: list[tuple[datetime, datetime]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


def span(day: date, opens: time, closes: time) -> tuple[datetime, datetime]:
    """A span on a local day as UTC instants; a close at or before the opening
    is the next day's. A time the spring switch skips counts as the hour after."""
    end_day = day + timedelta(days=1) if closes <= opens else day
    start = datetime.combine(day, opens, OSLO).astimezone(UTC)
    end = datetime.combine(end_day, closes, OSLO).astimezone(UTC)
    return start, end


def coming_holidays(plan: Timeplan, first: date, last: date) -> list[tuple[date, str]]:
    """The public holidays from first to last on which a rule would open."""
    found = []
    day = first
    while day <= last:
        name = holiday(day)
        exception = any(a.covers(day) for a in plan.avvik)
        if name and not exception and any(day.weekday() in r.days for r in plan.regler):
            found.append((day, name))
        day += timedelta(days=1)
    return found


# --- Now ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """A line's state at one moment. `open` is None for «always open»."""

    open: bool | None
    until: datetime | None = None  # closes (when open) or opens (when closed)
    since: datetime | None = None  # when the state began, if known

    @property
    def always(self) -> bool:
        return self.open is None

    def text(self, now: datetime) -> str:
        if self.always:
            return "Døgnåpen"
        if self.open:
            return f"Åpen nå · til {closing_words(self.until, now)}"
        if self.until is None:
            return "Stengt nå"
        return f"Stengt nå · åpner {opening_words(self.until, now)}"


def closing_words(when: datetime, now: datetime) -> str:
    local, today = when.astimezone(OSLO), now.astimezone(OSLO).date()
    if local.date() == today:
        return hhmm(local.time())
    if local.date() == today + timedelta(days=1):
        if local.time() <= time(6):
            return f"{hhmm(local.time())} i natt"
        return f"i morgen kl. {hhmm(local.time())}"
    return f"{day_words(local.date(), today)} kl. {hhmm(local.time())}"


def opening_words(when: datetime, now: datetime) -> str:
    local, today = when.astimezone(OSLO), now.astimezone(OSLO).date()
    if local.date() == today:
        return f"kl. {hhmm(local.time())}"
    if local.date() == today + timedelta(days=1):
        return f"i morgen kl. {hhmm(local.time())}"
    return f"{day_words(local.date(), today)} kl. {hhmm(local.time())}"


def day_words(day: date, today: date) -> str:
    """«mandag» within the coming week, «mandag 4. januar» beyond it."""
    name = DAY_NAMES[day.weekday()]
    if (day - today).days < 7:
        return name
    return f"{name} {day.day}. {MONTH_NAMES[day.month - 1]}"


def status(timeplan: dict | None, always_open: bool, now: datetime) -> Status | None:
    """The state at `now`; None when the line has no structured hours."""
    if always_open:
        return Status(open=None)
    if not timeplan:
        return None
    plan = Timeplan.from_json(timeplan)
    if not plan.regler and not plan.avvik:
        return None
    today = now.astimezone(OSLO).date()
    for reach in (NEAR_DAYS, FAR_DAYS):
        spans = plan.spans(today - timedelta(days=2), today + timedelta(days=reach))
        before = [end for _, end in spans if end <= now]
        for start, end in spans:
            if start <= now < end:
                return Status(open=True, until=end, since=start)
            if start > now:
                return Status(
                    open=False, until=start, since=before[-1] if before else None
                )
    return Status(open=False)


def next_midnight(now: datetime) -> datetime:
    local = now.astimezone(OSLO).date() + timedelta(days=1)
    return datetime.combine(local, time(0), OSLO).astimezone(UTC)


def last_midnight(now: datetime) -> datetime:
    local = now.astimezone(OSLO).date()
    return datetime.combine(local, time(0), OSLO).astimezone(UTC)


def window(timeplans: list[dict], now: datetime) -> tuple[datetime, datetime]:
    """The moments around `now` between which no shown state or wording changes:
    the latest change at or before it and the next one after it (its wording
    changes at midnight too: «i morgen» becomes «kl. 08:00»)."""
    since, until = last_midnight(now), next_midnight(now)
    for data in timeplans:
        state = status(data, False, now)
        if state is None:
            continue
        if state.since is not None:
            since = max(since, state.since)
        if state.until is not None:
            until = min(until, state.until)
    return since, until


# --- Words ------------------------------------------------------------------------


def days_words(days: frozenset[int]) -> str:
    """{0,1,2,3} → «mandag–torsdag»; {0,…,4} → «hverdager»; {4, 6} → «fredag og
    søndag»."""
    if days == WEEKDAYS:
        return "hverdager"
    if len(days) == 7:
        return "alle dager"
    if days == {5, 6}:
        return "lørdag og søndag"
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        DAY_NAMES[run[0]]
        if len(run) == 1
        else f"{DAY_NAMES[run[0]]}–{DAY_NAMES[run[-1]]}"
        if len(run) > 2
        else f"{DAY_NAMES[run[0]]} og {DAY_NAMES[run[1]]}"
        for run in runs
    ]
    return join_words(parts)


def join_words(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} og {parts[-1]}"


def rule_words(rule: Regel) -> str:
    text = f"{days_words(rule.days)} {hhmm(rule.opens)}–{hhmm(rule.closes)}"
    if rule.overnight and len(rule.days) == 1:
        (day,) = rule.days
        text += f" (natt til {DAY_NAMES[(day + 1) % 7]})"
    elif rule.overnight:
        text += " (over midnatt)"
    return text


def describe(timeplan: dict | None, always_open: bool) -> str:
    """The rules as a sentence: «Betjent mandag–torsdag 12:00–14:30, stengt på
    helligdager»; "" without rules."""
    if always_open:
        return "Døgnåpen"
    if not timeplan:
        return ""
    plan = Timeplan.from_json(timeplan)
    if not plan.regler:
        return ""
    text = "Betjent " + ", ".join(rule_words(rule) for rule in sorted_rules(plan))
    if plan.closed_on_holidays:
        text += ", stengt på helligdager"
    return text


def sorted_rules(plan: Timeplan) -> list[Regel]:
    return sorted(plan.regler, key=lambda r: (min(r.days), r.opens))


def exception_words(avvik: Avvik) -> str:
    when = f"{avvik.first.day}. {MONTH_NAMES[avvik.first.month - 1]}"
    if avvik.last != avvik.first:
        when += f"–{avvik.last.day}. {MONTH_NAMES[avvik.last.month - 1]}"
    hours = (
        f"{hhmm(avvik.opens)}–{hhmm(avvik.closes)}"
        if avvik.opens and avvik.closes
        else "stengt"
    )
    note = f" ({avvik.note})" if avvik.note else ""
    return f"{when}{note}: {hours}"


def to_hsds(timeplan: dict | None) -> list[dict]:
    """The rules and exceptions as HSDS 3.0 `schedule` objects (the later API):
    a weekly rule is freq WEEKLY with byday, opens_at and closes_at; an exception
    is valid_from/valid_to, with its hours or as closed."""
    if not timeplan:
        return []
    plan = Timeplan.from_json(timeplan)
    schedules = [
        {
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(DAYS[day] for day in sorted(rule.days)),
            "opens_at": hhmm(rule.opens),
            "closes_at": hhmm(rule.closes),
            "description": rule_words(rule),
        }
        for rule in sorted_rules(plan)
    ]
    for avvik in plan.avvik:
        schedule = {
            "valid_from": avvik.first.isoformat(),
            "valid_to": avvik.last.isoformat(),
            "description": exception_words(avvik),
        }
        if avvik.opens and avvik.closes:
            schedule |= {"opens_at": hhmm(avvik.opens), "closes_at": hhmm(avvik.closes)}
        schedules.append(schedule)
    return schedules


# --- Overlaps -----------------------------------------------------------------------


def overlaps(rules: list[Regel]) -> list[tuple[Regel, Regel]]:
    """Pairs of rules that staff the same minute of the week (Sunday night runs
    into Monday)."""
    week = 7 * 1440
    found = []
    for i, first in enumerate(rules):
        for second in rules[i + 1 :]:
            if any(
                a < d + shift and c + shift < b
                for a, b in first.minutes()
                for c, d in second.minutes()
                for shift in (-week, 0, week)
            ):
                found.append((first, second))
    return found


def merge(rules: list[Regel]) -> tuple[Regel, ...]:
    """The same hours as rules that never overlap: the plan's «08:00–23:00 på
    hverdager og 18:00–04:00 natt til lørdag» makes Friday 08:00–04:00. Rules
    whose union would last longer than a day are kept as they are."""
    spans = sorted(m for rule in rules for m in rule.minutes())
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if any(end - start > 1440 for start, end in merged):
        return tuple(rules)
    by_hours: dict[tuple[time, time], set[int]] = {}
    for start, end in merged:
        day, opens = divmod(start, 1440)
        key = (minutes_time(opens), minutes_time(end % 1440))
        by_hours.setdefault(key, set()).add(day)
    return tuple(
        Regel(frozenset(days), opens, closes)
        for (opens, closes), days in sorted(by_hours.items(), key=lambda i: min(i[1]))
    )


def minutes_time(minutes: int) -> time:
    return time(minutes // 60 % 24, minutes % 60)


# --- Reading the plan's words --------------------------------------------------------

DAY_WORDS = {
    "mandag": 0,
    "man": 0,
    "ma": 0,
    "tirsdag": 1,
    "tir": 1,
    "ti": 1,
    "onsdag": 2,
    "ons": 2,
    "on": 2,
    "torsdag": 3,
    "tor": 3,
    "to": 3,
    "fredag": 4,
    "fre": 4,
    "fr": 4,
    "lørdag": 5,
    "lør": 5,
    "lø": 5,
    "søndag": 6,
    "søn": 6,
    "sø": 6,
}
DAY_NAME = (
    r"(?:man|tirs|ons|tors|fre|lør|søn)dag(?:er|ene)?|man|tir|ons|tor|fre|lør|søn"
)
GROUPS = {
    "hverdag": WEEKDAYS,
    "hverdager": WEEKDAYS,
    "hverdagene": WEEKDAYS,
    "ukedager": WEEKDAYS,
    "virkedager": WEEKDAYS,
    "helg": frozenset({5, 6}),
    "helger": frozenset({5, 6}),
    "helgen": frozenset({5, 6}),
    "helgene": frozenset({5, 6}),
    "daglig": frozenset(range(7)),
}
ALWAYS = re.compile(r"^(?:døgnåpen|døgnåpent|hele døgnet|døgnet rundt|24/7)$")
# Words that carry no hours: «Telefontid», «betjent mellom kl», «på», «alle» …
FILLER = {
    "telefontid",
    "telefontider",
    "åpningstid",
    "åpningstider",
    "åpent",
    "åpen",
    "telefonen",
    "er",
    "betjent",
    "betjenes",
    "mellom",
    "kl",
    "klokken",
    "fra",
    "på",
    "om",
    "alle",
    "hver",
    "og",
    "i",
}
TOKEN = re.compile(
    r"(?P<time>(?P<h1>\d{1,2})(?:[.:](?P<m1>\d{2}))?\s*(?:-|–|—|til|og)\s*"
    r"(?:kl\.?\s*)?(?P<h2>\d{1,2})(?:[.:](?P<m2>\d{2}))?)"
    rf"|(?P<night>natt(?:en)?\s+til\s+(?P<nightday>{DAY_NAME}))"
    rf"|(?P<range>(?P<d1>{DAY_NAME})\s*(?:-|–|—|til)\s*(?P<d2>{DAY_NAME}))"
    rf"|(?P<day>{DAY_NAME})"
    r"|(?P<word>[a-zæøå/0-9]+)"
    r"|(?P<sep>[,;.()])",
    re.IGNORECASE,
)


def day_number(word: str) -> int:
    word = word.lower()
    for suffix in ("ene", "er"):
        if word.endswith("dag" + suffix):
            word = word[: -len(suffix)]
    return DAY_WORDS[word]


def parse(text: str) -> tuple[Regel, ...] | str | None:
    """The hours a text names, as rules that never overlap; "døgnåpen" for a line
    that is always open; None when the text is not only hours (kept as text).

    Reads the plan's ways of writing them: «mandag til torsdag 12.00 - 14.30»,
    «hverdager mellom 08:00-15:00», «08:00 – 23:00 på hverdager og 18:00 – 04:00
    på natt til lørdag og natt til søndag», «mandag–torsdag 12–14», «kl 8–15 på
    hverdager». A text begins with its days or with its times, and each part
    pairs them in that order; hours without days are not guessed.
    """
    cleaned = text.strip().lower()
    if ALWAYS.match(cleaned.strip(" .")):
        return "døgnåpen"
    items: list[tuple[str, object]] = []
    for match in TOKEN.finditer(cleaned):
        kind = match.lastgroup
        if kind == "time" or match.group("time"):
            hours = (
                clock(match.group("h1"), match.group("m1")),
                clock(match.group("h2"), match.group("m2")),
            )
            if None in hours:
                return None
            items.append(("time", hours))
        elif match.group("night"):
            items.append(("night", (day_number(match.group("nightday")) - 1) % 7))
        elif match.group("range"):
            first, last = day_number(match.group("d1")), day_number(match.group("d2"))
            if last < first:
                return None
            items.append(("days", frozenset(range(first, last + 1))))
        elif match.group("day"):
            items.append(("days", frozenset({day_number(match.group("day"))})))
        elif match.group("word"):
            word = match.group("word")
            if word in GROUPS:
                items.append(("days", GROUPS[word]))
            elif word not in FILLER:
                return None
    if len(TOKEN.sub("", cleaned).strip()) > 0:
        return None
    return pair(items)


def clock(hours: str, minutes: str | None) -> time | None:
    h, m = int(hours), int(minutes or 0)
    if h == 24 and m == 0:
        return time(0)
    if h > 23 or m > 59:
        return None
    return time(h, m)


def pair(items: list[tuple[str, object]]) -> tuple[Regel, ...] | None:
    """Days and times into rules: a text that begins with days gives each run of
    days the time after it; one that begins with a time gives it the days after."""
    if not items or not any(kind == "time" for kind, _ in items):
        return None
    days_first = items[0][0] != "time"
    rules: list[Regel] = []
    days: set[int] = set()
    nights: set[int] = set()
    hours: tuple[time, time] | None = None

    def close() -> bool:
        if hours is None or not (days or nights):
            return False
        opens, closes = hours
        if days:
            if closes <= opens:
                return False  # over midnight only when the text says «natt til»
            rules.append(Regel(frozenset(days), opens, closes))
        if nights:
            if closes > opens and closes.hour >= 12:
                return False
            rules.append(Regel(frozenset(nights), opens, closes))
        return True

    for kind, value in items:
        if kind == "time":
            if days_first:
                if hours is not None or not (days or nights):
                    return None
                hours = value
                if not close():
                    return None
                days, nights, hours = set(), set(), None
            else:
                if hours is not None:
                    if not close():
                        return None
                    days, nights = set(), set()
                hours = value
        elif kind == "days":
            days |= value
        else:
            nights.add(value)
    if not days_first:
        if not close():
            return None
    elif days or nights:
        return None
    return merge(rules)
