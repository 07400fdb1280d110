"""The card terminal: Caisse-AP over IP client, a fake for tests and a simulator (pure asyncio, no Qt)."""

from ems_desktop.terminal.client import CaisseApIpTerminal, CardTerminal, Outcome, TerminalRequest, TerminalResult
from ems_desktop.terminal.fake import FakeTerminal

__all__ = ["CaisseApIpTerminal", "CardTerminal", "FakeTerminal", "Outcome", "TerminalRequest", "TerminalResult"]
