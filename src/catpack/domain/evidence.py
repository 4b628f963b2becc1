"""Work a hard step through, and refer only on evidence (protocol rule 6).

A *stress point* is a level where real stress happened. It stays *open*
until the cat is calm at that level or a harder one of the same track: then
its tolerance has grown past the point and the point is cleared.

* **Go back further and consolidate.** After a stop the next session is at
  least ``BACK_AFTER_STRESS`` levels below the point
  (:func:`catpack.domain.moves.resume_after_stop`). On the levels leading up
  to an open point (its *approach*, the ``BACK_AFTER_STRESS`` levels below
  it) the cat must be calm ``CONSOLIDATE`` sessions in a row before the level
  is raised, and the last of them, on the level right below the point, fully
  relaxed (stress score at most ``RELAXED_AT``, every repetition calm).
  Why: tolerance grows by calm exposure just below the threshold, raised
  "only once the cat is fully comfortable at the current level, over many
  sessions" (desensitisation, WikiVet via science-research.md §3); one calm
  session right below a
  level that caused stress is weak evidence that the level is now within
  reach, several are better evidence, and each of them is itself the
  exposure that builds the tolerance. A cat that is only just calm is close
  to its threshold; a fully relaxed one has room to spare.
* **Once worked up to, retry often.** The consolidation is owed once per
  stress: when the cat has been raised to the point again, unease there
  (which does no harm) sends it one level down for a single fully relaxed
  session, then it tries the point again. Why: the level that caused stress
  is the only place where the cat meets what is new there, so that is where
  its tolerance of it grows; repeating the whole consolidation after every
  wobble trains the levels below, which it already tolerates, and leaves the
  new thing untried for days. Real stress again at or below the point asks
  for the whole consolidation again.
* **Smaller steps near a stress point.** The level that caused stress is
  tried again first for ``RETRY_SHARE`` of its length; each further stress
  at or below it halves the try again (down to ``SHORTEST_RETRY``), and each
  calm try doubles it, until the cat does the level's full length calmly and
  the point is cleared. Why: the guide starts every new situation with "a
  very short amount of time" and builds the time up; a shorter stay is a
  smaller step between the level below and the full one, and a step that
  failed is split smaller (Pryor's 2nd law: raise one criterion at a time, in
  steps the animal can succeed at). Unease at the point (no real stress)
  halves its next try too, as unease does at any level
  (:mod:`catpack.domain.history`): a try the cat was uneasy in was not a step
  it could succeed at.
* **Refer when tolerance is falling or not growing.** Every real-stress
  session at or below an open point counts against it: stress at a lower
  level says tolerance fell, at the same level (after consolidating below it)
  that it did not grow. A point that gathers ``REFER_HITS`` such sessions
  means stress keeps returning despite easier work: refer. Stress at a level
  the cat had not reached before is new ground and counts against no earlier
  point. Stress at a level the cat had already passed calmly (a calm
  session that counted, so not a shorter try at a stress point; since the
  last lapse in practice) is not new ground either: the
  tolerance that once reached the level has fallen below it, so the point it
  opens starts as a recurrence (``REGRESSION_HITS``), as if the calm session
  that passed the level had been its first try. Where the guide says a step
  is harder for this cat (an indoor-only
  cat outside the home, a cat with bad carrier memories shut in or carried),
  the point allows ``EXPECTED_EXTRA`` more, since stress there is expected
  and less telling. Panting in warm weather is heat, not fear: it opens no
  point.
* **Plateau.** Refer also when, for ``PLATEAU_DAYS`` days of practice, the
  cat passed no level it had never passed before and held it, and was tense
  in ``PLATEAU_TENSE`` sessions of that window: tension that persists across
  a long window of easier work. A new level is held until the cat is tense
  at it or at an easier level; then the pass no longer restarts the window,
  which runs again from the last level the cat did hold. One calm session
  at a new level may be a good day rather than grown tolerance, and tension
  at or below it afterwards says which (stress that recurs at or below
  points where it happened before); passing the level again after losing it
  is regained ground, not new. Tense is at least very tense (stress score 4
  or more) or uneasy in most repetitions (the session that makes the coach
  lower the level), whatever the single score: the count of calm
  repetitions is the engine's own first reading of unease. Cats that can
  never pass a step mostly stall in unease rather than real stress, and
  with shorter tries after unease many stall just at their edge, uneasy in
  most repetitions but only alert to look at (docs/sim.md). A lapse in
  practice restarts the window (it measures work, not the calendar).
  Pryor's 7th law of shaping (science-research.md §3): when a procedure
  makes no progress, change it; the coach has no other procedure to offer,
  so it says so.

* **A referral is advice, and the evidence can lift it.** protocol.md rule 6
  says the cat "may not" be a backpack cat and suggests a vet or behaviourist;
  the guide: "Come back to it another time, and if your cat continues to be
  stressed, maybe they are one of the cats that just aren't going to allow it
  to happen". Once the coach has referred, it counts the sessions on the
  referral's track: ``LIFT_CALM`` calm ones in a row (the reading calm, not in
  a rest after a stop), on at least ``LIFT_DAYS`` different days, lift it. Any
  other reading on that track (tense, uneasy, unrecorded, real stress) starts
  the count again, and so does real stress on another track; panting in warm
  weather neither counts nor breaks it (heat, not fear). Lifted, the plan goes
  on from where the log has the cat (below the point, consolidating, short
  tries there): the point keeps its evidence but one, so that real stress once
  more at or below it refers again at once; the plateau's window starts
  again. Why these numbers (policy: no source gives one): more calm sessions
  than the ``REFER_HITS`` stresses that refer, and on several days, as the
  plateau rule does not count a level passed on one good day as grown
  tolerance.

Points are kept per track (the harness track, the backpack ladder, upkeep
after graduation): levels of different tracks do not compare. All values are
policy (no source gives a number); docs/science.md gives the reasoning and
docs/sim.md what they do on the virtual cats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from catpack.domain import protocol as P
from catpack.domain.contract import Cat, Session
from catpack.domain.observation import Assessment

#: Levels below a stress point at which training resumes.
BACK_AFTER_STRESS = 2
#: Calm sessions in a row on a level leading up to an open stress point
#: before that level is raised.
CONSOLIDATE = 3
#: Highest stress score that reads as fully relaxed (CSS 2, "weakly relaxed").
RELAXED_AT = 2
#: The first try at a level that caused real stress lasts at most this share
#: of the level's length; once the cat is calm in it, the full length follows.
RETRY_SHARE = 0.5
#: Each further stress at a point halves its retry again, down to this share.
SHORTEST_RETRY = 0.25
#: Real-stress sessions at or below one open stress point, the first one
#: included, before the engine refers.
REFER_HITS = 3
#: More of them allowed where the guide says the step is harder for this cat.
EXPECTED_EXTRA = 1
#: Hits a point opens with when the stress came at a level the cat had done
#: passed calmly before (since the last lapse): the stress itself is
#: the first recurrence, tolerance fell below a level it had reached.
REGRESSION_HITS = 2
#: Plateau: days of practice without passing a new level, and very tense
#: sessions within them, before the engine refers.
PLATEAU_DAYS = 28
PLATEAU_SPAN = timedelta(days=PLATEAU_DAYS)
PLATEAU_TENSE = 8
#: A referral lifts after this many calm sessions in a row on its track, on
#: at least ``LIFT_DAYS`` different days (policy; see the module docstring).
LIFT_CALM = 5
LIFT_DAYS = 3

#: What a cat with bad carrier memories finds harder: being shut in and
#: being carried (the closed and moving steps, and the car branch).
HARDER_BAD_CARRIER: frozenset[P.About] = frozenset({"closed", "carried"})

Key = tuple[int, int]  # (rank of the stage on its track, level)
_UPKEEP_RANK = {P.REFRESHER.role: 0, P.MAINTENANCE.role: 1}


def track_of(stage: P.Stage) -> str:
    if stage.track == "harness":
        return "harness"
    return "upkeep" if stage.upkeep else "ladder"


def key_of(stage: P.Stage, level: int) -> Key:
    rank = P.LADDER_INDEX.get(stage.id)
    return (_UPKEEP_RANK.get(stage.role, 0) if rank is None else rank, level)


def expected_hard(cat: Cat, stage: P.Stage) -> bool:
    """The guide expects this stage to be harder for this cat, from its past: an
    indoor-only cat away from home (going out "is probably the biggest step ...
    especially true if your cat is an indoor cat"), a cat with bad carrier
    memories shut in, carried or in the car (many cats "distrust any type of
    carrier")."""
    if cat.outdoor_experience == "none" and stage.levels[0].location != "home":
        return True
    closed_or_moving = stage.about in HARDER_BAD_CARRIER or stage.branch == P.CAR_BRANCH
    return cat.carrier_history == "negative" and closed_or_moving


def relaxed(session: Session, a: Assessment) -> bool:
    """Fully relaxed: a low stress score and, where counted, every repetition calm."""
    reps, calm = session.get("reps"), session.get("calm_reps")
    return a.score <= RELAXED_AT and (not reps or calm == reps)


@dataclass(slots=True)
class Point:
    track: str
    key: Key
    hits: int = 1
    allowed: int = REFER_HITS
    # Consolidated since its last stress: the approach was worked through once.
    ready: bool = False
    # Share of the level's length the next try at the point lasts.
    share: float = RETRY_SHARE


@dataclass(slots=True)
class Evidence:
    points: list[Point] = field(default_factory=list)
    # (stage id, level) leading up to an open point → (track, point key, how
    # many levels below the point it is).
    approach: dict[tuple[str, int], tuple[str, Key, int]] = field(default_factory=dict)
    # Plateau window: the furthest (ladder index, level) passed calmly; when
    # the window began (the first ladder session, or the last lapse) and the
    # tense ladder sessions since; and the new levels passed since that the
    # cat has held (no tension at or below them after), each with when it was
    # passed and the tense count then, lowest first. The window runs from the
    # last level held.
    best: Key = (-1, 0)
    began: datetime | None = None
    tense: int = 0
    held: list[tuple[Key, datetime, int]] = field(default_factory=list)
    # The furthest ladder level passed calmly (a calm session that counted)
    # since the last lapse: stress at or below it is a regression, not new ground.
    passed: Key = (-1, 0)
    # The track of the referral standing after the last session (None: none),
    # and the calm sessions in a row on it since: how many, on how many
    # different days, the last of those days.
    referred: str | None = None
    run: int = 0
    run_days: int = 0
    run_day: date | None = None

    def copy(self) -> Evidence:
        return Evidence(
            [Point(p.track, p.key, p.hits, p.allowed, p.ready, p.share) for p in self.points],
            dict(self.approach),
            self.best,
            self.began,
            self.tense,
            list(self.held),
            self.passed,
            self.referred,
            self.run,
            self.run_days,
            self.run_day,
        )

    def near(self, stage: P.Stage, level: int) -> int:
        """How far below an open stress point this level is (0: not leading up to one)."""
        if not self.approach:
            return 0
        entry = self.approach.get((stage.id, level))
        return entry[2] if entry else 0

    def needed(self, stage: P.Stage, level: int) -> int:
        """Calm sessions in a row this level needs before it is raised (0: no open point above)."""
        if not self.approach:
            return 0
        entry = self.approach.get((stage.id, level))
        if entry is None:
            return 0
        point = self._point(entry[0], entry[1])
        return 1 if point is not None and point.ready else CONSOLIDATE

    def consolidated(self, stage: P.Stage, level: int) -> None:
        """The level right below an open point was raised: the point is worked up to."""
        entry = self.approach.get((stage.id, level))
        if entry is not None:
            point = self._point(entry[0], entry[1])
            if point is not None:
                point.ready = True

    def open_at(self, stage: P.Stage, level: int) -> Point | None:
        """The open stress point at this very level, if any."""
        if not self.points:
            return None
        return self._point(track_of(stage), key_of(stage, level))

    def _point(self, track: str, key: Key) -> Point | None:
        return next((p for p in self.points if p.track == track and p.key == key), None)

    def calm(self, stage: P.Stage, level: int) -> None:
        """The cat was calm here: every open point at or below this level is cleared."""
        if not self.points:
            return
        track, key = track_of(stage), key_of(stage, level)
        kept = [p for p in self.points if p.track != track or p.key > key]
        if len(kept) != len(self.points):
            self.points = kept
            still = {(p.track, p.key) for p in kept}
            self.approach = {k: v for k, v in self.approach.items() if v[:2] in still}

    def stress(
        self, stage: P.Stage, level: int, allowed: int, below: list[tuple[str, int]]
    ) -> None:
        """Real stress here; ``below``: the levels leading up to it, nearest first."""
        track, key = track_of(stage), key_of(stage, level)
        here = None
        for p in self.points:
            if p.track == track and p.key >= key:
                p.hits += 1
                p.ready = False
                p.share = max(SHORTEST_RETRY, p.share * RETRY_SHARE)
                if p.key == key:
                    here = p
        if here is None:
            fell = track == "ladder" and key <= self.passed
            hits = REGRESSION_HITS if fell else 1
            self.points.append(Point(track, key, hits=hits, allowed=allowed))
        for distance, rung in enumerate(below, start=1):
            known = self.approach.get(rung)
            if known is None or known[2] > distance:
                self.approach[rung] = (track, key, distance)

    def recurring(self) -> Point | None:
        """The open point where stress has come back too often, if any."""
        for p in self.points:
            if p.hits >= p.allowed:
                return p
        return None

    def track_plateau(self, rung: int, level: int, at: datetime, calm: bool, tense: bool) -> None:
        """A ladder session (``rung``: its stage's ladder index) in the plateau window;
        ``tense``: at least very tense, or uneasy in most repetitions.

        Calm at a level never passed before: a new level, held until the cat is
        tense at it or an easier one. Tension there says the pass was a good
        day, not tolerance that has grown: the level no longer restarts the
        window, which runs again from the last level the cat did hold."""
        if self.began is None:
            self.began = at
        key = (rung, level)
        if calm and key > self.passed:
            self.passed = key
        if calm and key > self.best:
            self.best = key
            self.held.append((key, at, self.tense))
        elif tense:
            self.tense += 1
            while self.held and self.held[-1][0] >= key:
                self.held.pop()

    def restart_window(self, at: datetime) -> None:
        """After a lapse the plateau window starts again, and stress at a level passed
        before the lapse is the lapse's doing, not a fall in tolerance."""
        self.began, self.tense, self.held = at, 0, []
        self.passed = (-1, 0)

    def referral_track(self, at: datetime, plateau: bool) -> str | None:
        """The track of the referral the evidence gives after a session at ``at``
        (``plateau``: the plateau rule applies, in training), if it gives one."""
        point = self.recurring()
        if point is not None:
            return point.track
        return "ladder" if plateau and self.plateaued(at) else None

    def towards_lift(self, track: str, day: date | None, calm: bool, stress: bool) -> bool:
        """A session on ``track`` on ``day`` while a referral stands (``calm``:
        its reading was calm; ``stress``: real stress, not heat): True once the
        run of calm sessions lifts the referral (:meth:`lift` is then due).
        ``day`` is needed only for a calm session on the referral's track."""
        if track != self.referred:
            if stress:
                self.restart_run()
            return False
        if not calm:
            self.restart_run()
            return False
        self.run += 1
        if day != self.run_day:
            self.run_days += 1
            self.run_day = day
        return self.run >= LIFT_CALM and self.run_days >= LIFT_DAYS

    def lift(self, at: datetime) -> None:
        """Lift the standing referral: every point that refers keeps its evidence
        but one (stress once more at or below it refers again), and the
        plateau's window starts again at ``at``."""
        for p in self.points:
            if p.hits >= p.allowed:
                p.hits = p.allowed - 1
        self.began, self.tense, self.held = at, 0, []
        self.referred = None
        self.restart_run()

    def restart_run(self) -> None:
        """The run of calm sessions towards lifting a referral starts again at none."""
        self.run = self.run_days = 0
        self.run_day = None

    def plateaued(self, last_at: datetime) -> bool:
        if self.began is None:
            return False
        held = self.held
        if held:
            _, start, tense_then = held[-1]
        else:
            start, tense_then = self.began, 0
        if self.tense - tense_then < PLATEAU_TENSE:  # first: no date arithmetic
            return False
        return last_at - start >= PLATEAU_SPAN
