"""Finding a family while it stands at the counter: a few letters of any name, the reference, a
phone number or an e-mail; case, accents and punctuation do not matter."""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Row,
    Select,
    String,
    TextClause,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
    text as text_,
)
from sqlalchemy.orm import Session, aliased

from ems_desktop.dates import age_on
from ems_desktop.models import Child, CreditNote, Family, Guardian, Invoice, Payment
from ems_desktop.rules.search import normalize_text, phone_digits
from ems_desktop.services.context import ServiceContext

DEFAULT_LIMIT = 100
# A word matches where a word of the search key starts, or a part of an e-mail address (the
# full-text index splits "jean.dupont@mail.fr" into words too).
WORD_BOUNDARIES = (" ", "@", ".")
FRAGMENT_DIGITS = 3  # from three digits, a phone fragment is found anywhere in the number
FULL_PHONE_DIGITS = 10
MIN_PROBE = 500  # below this many matches, sorting them is always cheap


@dataclass(frozen=True)
class ChildSummary:
    first_name: str
    age: int


@dataclass(frozen=True)
class FamilySearchRow:
    id: uuid.UUID
    reference: str
    name: str
    payer: str
    phone: str
    children: tuple[ChildSummary, ...]
    balance_due_cents: int
    archived: bool
    email: str = ""  # the payer's e-mail, else the family's (shown next to the phone)

    @property
    def children_label(self) -> str:
        return ", ".join(f"{c.first_name} ({c.age} ans)" for c in self.children)


@dataclass(frozen=True)
class ParsedQuery:
    """What was typed, as the indexes see it: words, each the start of a word of the family's
    search key; or digits (a phone number, or part of one), found anywhere in a number."""
    words: tuple[str, ...] = ()
    digits: str = ""

    @property
    def empty(self) -> bool:
        return not self.words and not self.digits


def parse_query(text: str) -> ParsedQuery:
    text = (text or "").strip()
    if not text:
        return ParsedQuery()
    if _looks_like_phone(text):
        digits = _phone_fragment(text)
        return ParsedQuery(digits=digits) if len(digits) >= 2 else ParsedQuery()
    # Split as the full-text index splits: "aissatou.ndiaye@" is the words "aissatou" and "ndiaye".
    return ParsedQuery(words=tuple(re.findall(r"[a-z0-9]+", normalize_text(text))))


def search_terms(text: str) -> list[tuple[str, ...]]:
    """The LIKE patterns of a query over ``search_text``, one tuple of alternatives per term."""
    return _like_patterns(parse_query(text))


def _like_patterns(query: ParsedQuery) -> list[tuple[str, ...]]:
    """For a word: some word of the key (or part of an e-mail, as the full-text index splits it)
    starts with it. For digits: they appear anywhere in a number, or start one when only two."""
    if query.digits:
        if len(query.digits) < FRAGMENT_DIGITS:
            return [(f"% {query.digits}%",)]
        return [(f"%{query.digits}%",)]
    return [tuple(f"%{boundary}{_escape(word)}%" for boundary in WORD_BOUNDARIES) for word in query.words]


def _looks_like_phone(text: str) -> bool:
    return re.fullmatch(r"[\d\s.+\-/]+", text) is not None


def _phone_fragment(text: str) -> str:
    """Digits as stored (national form): "+33 6 12" and "0033 6 12" become "0612"."""
    digits = phone_digits(text)
    if text.lstrip().startswith("+33"):
        digits = "0" + digits[2:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    return digits


def fts_query(text: str) -> str:
    """The same query for SQLite's word index (``family_search``): every token a word prefix."""
    return _fts_words(parse_query(text))


def _fts_words(query: ParsedQuery) -> str:
    tokens = (query.digits,) if query.digits else query.words
    return " ".join(f'"{token}"*' for token in tokens)


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_families(ctx: ServiceContext, text: str, *, limit: int = DEFAULT_LIMIT,
                    include_archived: bool = False) -> list[FamilySearchRow]:
    """The first ``limit`` families matching ``text``, by name then reference; a reference typed
    whole, then the families whose phone number was typed whole, come first. Whatever the town's
    size, one query reads the families with their payer, balance and children (on SQLite after a
    first look at how many match)."""
    query = parse_query(text)
    if query.empty:
        return []
    today = ctx.today()
    with ctx.reading() as s:
        found = _matching_rows(s, query, limit, include_archived)
        exact = _exact_reference(s, text, include_archived)
        if exact is not None:
            # A dossier's reference typed whole comes first, whatever its name's place in the list.
            others = [r for r in found if r[0] != exact]
            first = [r for r in found if r[0] == exact] or list(s.connection().execute(
                _details_statement().where(Family.id == exact)).all())
            found = (first + others)[:limit]
    if len(query.digits) >= FULL_PHONE_DIGITS:
        # The family whose number this is before those where it only appears inside a longer one.
        found.sort(key=lambda r: f" {query.digits} " not in r.search_text)
    return _rows(found, today)


def _matching_rows(s: Session, query: ParsedQuery, limit: int, include_archived: bool) -> list[Row[*tuple[Any, ...]]]:
    """The first families by name that match, with their details, read in the name index's
    order: a common prefix finds its hundred within the first few hundred families. On SQLite,
    when few families match, the full-text index lists them and only those are sorted."""
    if s.get_bind().dialect.name == "sqlite":
        enough = _sort_at_most(s.scalar(_HIGHEST_ROWID) or 0)
        if len(query.digits) >= FRAGMENT_DIGITS:
            index, match = "family_fragments", f'"{query.digits}"'  # trigrams: anywhere in a number
        else:
            index, match = "family_search", _fts_words(query)
        count, first = _full_text_statements(index, include_archived)
        found = s.scalar(count, {"q": match, "n": enough + 1})
        if not found:
            return []
        if found <= enough:
            return list(s.connection().execute(first, {"q": match, "n": limit}).all())
    # Many matches (or PostgreSQL): walk the families by name, each checked with LIKE until enough.
    patterns = _like_patterns(query)
    values = {f"p{i}_{j}": pattern for i, alternatives in enumerate(patterns) for j, pattern in enumerate(alternatives)}
    return list(s.connection().execute(_walk_statement(tuple(len(a) for a in patterns), include_archived, limit),
                                       values).all())


# Statements built once per shape: a search runs on every pause in the typing.
_HIGHEST_ROWID = text_("SELECT max(rowid) FROM families")


@lru_cache(maxsize=8)
def _full_text_statements(index: str, include_archived: bool) -> tuple[TextClause, Select[*tuple[Any, ...]]]:
    """How many match (up to :n), and the first :n of them by name with their details: sorted on
    the short rows of family_order (migration 0016), then those :n read whole."""
    count = text_(f"SELECT count(*) FROM (SELECT rowid FROM {index} WHERE {index} MATCH :q LIMIT :n)")
    first = text_(f"SELECT o.family_rowid FROM {index} JOIN family_order o ON o.family_rowid = {index}.rowid "
                  f"WHERE {index} MATCH :q {'' if include_archived else 'AND NOT o.archived'} "
                  "ORDER BY o.name, o.reference LIMIT :n")
    return count, (_details_statement().where(literal_column("families.rowid").in_(first))
                   .order_by(Family.name, Family.reference))


@lru_cache(maxsize=64)
def _walk_statement(shape: tuple[int, ...], include_archived: bool, limit: int) -> Select[*tuple[Any, ...]]:
    """Families in name order, with their details, whose search key matches every term (term i
    matching any of its shape[i] patterns, bound as p{i}_{j}). The details are read for the
    families returned only: no sort stands between the index and the limit."""
    statement = _details_statement()
    if not include_archived:
        statement = statement.where(Family.archived_at.is_(None))
    for i, alternatives in enumerate(shape):
        statement = statement.where(or_(*[Family.search_text.like(bindparam(f"p{i}_{j}"), escape="\\")
                                          for j in range(alternatives)]))
    return statement.order_by(Family.name, Family.reference).limit(limit)


def _sort_at_most(families: int) -> int:
    """Up to how many matches sorting them beats walking the names until a hundred are found.
    Sorting costs about as much a match as walking costs a family read, and the walk reads
    100 × families / matches of them: the break-even grows with the square root of the town."""
    return max(MIN_PROBE, math.isqrt(100 * families))


_REFERENCE = re.compile(r"[A-Z0-9]{1,6}-\d{3,}")


def _exact_reference(s: Session, text: str, include_archived: bool) -> uuid.UUID | None:
    """The family whose reference is exactly what was typed (any case), through its unique index."""
    typed = "".join((text or "").split()).upper()
    if not _REFERENCE.fullmatch(typed):
        return None
    query = select(Family.id).where(Family.reference == typed)
    if not include_archived:
        query = query.where(Family.archived_at.is_(None))
    return s.scalar(query)


_UNIT, _RECORD = "\x1f", "\x1e"  # ASCII unit and record separators: never in a name


@lru_cache(maxsize=1)
def _details_statement() -> Select[*tuple[Any, ...]]:
    """What a result row shows of a family: its details, its payer and its balance (invoiced −
    credited − paid), each read from an index that holds it (migration 0019)."""
    payer = aliased(Guardian)
    invoiced = select(func.coalesce(func.sum(Invoice.total_cents), 0)).where(Invoice.family_id == Family.id)
    credited = select(func.coalesce(func.sum(CreditNote.total_cents), 0)).where(CreditNote.family_id == Family.id)
    paid = select(func.coalesce(func.sum(Payment.amount_cents), 0)).where(Payment.family_id == Family.id)
    # The children as one string ("first name␟birth date␞…"): no row, date or id to convert per child.
    children = select(func.aggregate_strings(Child.first_name + _UNIT + cast(Child.birth_date, String), _RECORD)) \
        .where(Child.family_id == Family.id)
    return (select(Family.id, Family.reference, Family.name, Family.phone, Family.email,
                   Family.archived_at.is_not(None).label("archived"), Family.search_text,
                   payer.first_name, payer.last_name, payer.phone_mobile, payer.email.label("payer_email"),
                   invoiced.scalar_subquery().label("invoiced"), credited.scalar_subquery().label("credited"),
                   paid.scalar_subquery().label("paid"), children.scalar_subquery().label("children"))
            .select_from(Family)
            .outerjoin(payer, and_(payer.family_id == Family.id, payer.is_payer.is_(True))))


def _children(packed: str | None, today: dt.date) -> tuple[ChildSummary, ...]:
    """The children of ``_details_statement``'s string, eldest first."""
    if not packed:
        return ()
    children = sorted((birth, first_name) for first_name, birth in
                      (child.split(_UNIT) for child in packed.split(_RECORD)))
    return tuple(ChildSummary(first_name, age_on(dt.date.fromisoformat(birth), today))
                 for birth, first_name in children)


def _rows(found: Iterable[Row[*tuple[Any, ...]]], today: dt.date) -> list[FamilySearchRow]:
    """The result rows, in this order; a family read twice (a dossier with two payers) once."""
    result, seen = [], set()
    for (id_, reference, name, phone, email, archived, _key, first_name, last_name, mobile, payer_email,
         invoiced, credited, paid, children) in found:
        if id_ in seen:
            continue
        seen.add(id_)
        result.append(FamilySearchRow(
            id=id_, reference=reference, name=name, payer=f"{first_name} {last_name}" if first_name is not None else "",
            phone=mobile or phone, children=_children(children, today),
            balance_due_cents=int(invoiced) - int(credited) - int(paid), archived=bool(archived),
            email=payer_email or email,
        ))
    return result
