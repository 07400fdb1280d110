"""SQLAlchemy models. Importing this package registers every table on ``Base.metadata``."""

from ems_desktop.models.base import Base, UtcDateTime, new_id
from ems_desktop.models.billing import (
    CashSession,
    CashSessionCount,
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAllocation,
    PaymentMode,
)
from ems_desktop.models.card import AttemptState, CardAttempt
from ems_desktop.models.catalog import ActivityGroup, AgeRule, Offer, OfferKind, PriceBand, Season, SeasonStatus
from ems_desktop.models.direct_debit import DebitItem, DebitItemState, DebitRun, Mandate, MandateSequence
from ems_desktop.models.enrollment import Enrollment, EnrollmentStatus, GroupPlaceCount
from ems_desktop.models.family import AuthorizedPickup, Child, Family, Guardian
from ems_desktop.models.journal import JournalEntry
from ems_desktop.models.messages import MessageKind, MessageState, OutgoingMessage
from ems_desktop.models.planning import ClosurePeriod, ManualHolidayPeriod, SessionChange, SessionException
from ems_desktop.models.staff import Agent, Counter, NumberSeries, Setting
from ems_desktop.models.sync import (
    AppliedOp,
    ChangeLogEntry,
    CounterCredential,
    CounterStream,
    OutboxHead,
    OutboxOp,
    SyncConflict,
    SyncState,
)

__all__ = [
    "ActivityGroup", "AgeRule", "Agent", "AttemptState", "CardAttempt", "AuthorizedPickup", "Base", "CashSession",
    "CashSessionCount", "Child", "ClosurePeriod", "ManualHolidayPeriod", "SessionChange", "SessionException",
    "Counter", "CreditNote", "CreditNoteLine", "Enrollment", "EnrollmentStatus", "Family", "GroupPlaceCount",
    "Guardian", "Invoice", "InvoiceLine", "JournalEntry", "NumberSeries", "Offer", "OutboxHead", "OutboxOp",
    "AppliedOp", "ChangeLogEntry", "CounterCredential", "CounterStream", "SyncConflict", "SyncState", "OfferKind",
    "Payment", "PaymentAllocation", "PaymentMode", "DebitItem", "DebitItemState", "DebitRun", "Mandate",
    "MandateSequence", "MessageKind", "MessageState", "OutgoingMessage", "PriceBand", "Season", "SeasonStatus",
    "Setting", "UtcDateTime", "new_id",
]
