"""The card terminal simulator's window: the person playing the customer presents a card here.

The simulator runs on the asyncio loop (qasync in the application); its customer actions are
plain calls, so the buttons call them directly. Its notifications go through a Qt signal so the
window is always updated on the GUI thread.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ems_desktop.money import format_cents
from ems_desktop.terminal.simulator import (
    TEST_CARDS,
    CardNumberError,
    NoPendingTransaction,
    SimulatorState,
    TerminalSimulator,
    TestCard,
)

KIND_LABELS = {"debit": "Paiement", "refund": "Remboursement"}


def card_display(number: str) -> str:
    """4970 11•• •••• 1029: a test card as shown on its button (first 6 / last 4)."""
    hidden = number[:6] + "•" * (len(number) - 10) + number[-4:]
    return " ".join(hidden[i:i + 4] for i in range(0, len(hidden), 4))


class TerminalSimulatorWindow(QWidget):
    """Simulateur de TPE: state, pending amount, test cards, typed card, abandon, walk away."""

    simulator_changed = Signal()

    def __init__(self, simulator: TerminalSimulator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.simulator = simulator
        self.setWindowTitle("Simulateur de TPE")

        self.state_label = QLabel()
        self.amount_label = QLabel()
        self.amount_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big = QFont(self.amount_label.font())
        big.setPointSize(32)
        big.setBold(True)
        self.amount_label.setFont(big)
        self.kind_label = QLabel()
        self.kind_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.port_label = QLabel()

        self.card_buttons: list[QPushButton] = []
        cards_box = QGroupBox("Cartes de test")
        cards_layout = QVBoxLayout(cards_box)
        for card in TEST_CARDS:
            button = QPushButton(f"{card.label_fr} {card_display(card.number)}")
            button.clicked.connect(lambda _=False, c=card: self._present_test_card(c))
            cards_layout.addWidget(button)
            self.card_buttons.append(button)

        self.card_field = QLineEdit()
        self.card_field.setPlaceholderText("Numéro de carte (12 à 19 chiffres)")
        self.card_field.returnPressed.connect(self._present_typed_card)
        self.present_button = QPushButton("Présenter la carte")
        self.present_button.clicked.connect(self._present_typed_card)
        self.card_error = QLabel()
        self.card_error.setStyleSheet("color: #b00020;")
        self.card_error.setWordWrap(True)
        typed_row = QHBoxLayout()
        typed_row.addWidget(self.card_field, 1)
        typed_row.addWidget(self.present_button)

        self.abandon_button = QPushButton("Abandon (touche rouge)")
        self.abandon_button.clicked.connect(lambda: self._act(self.simulator.abandon))
        self.walk_away_button = QPushButton("Le client s'en va (pas de réponse)")
        self.walk_away_button.clicked.connect(lambda: self._act(self.simulator.walk_away))
        self.timeout_button = QPushButton("Délai de saisie dépassé")
        self.timeout_button.clicked.connect(lambda: self._act(self.simulator.terminal_timeout))
        self.last_result_label = QLabel()
        self.last_result_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.amount_label)
        layout.addWidget(self.kind_label)
        layout.addWidget(cards_box)
        layout.addLayout(typed_row)
        layout.addWidget(self.card_error)
        for button in (self.abandon_button, self.walk_away_button, self.timeout_button):
            layout.addWidget(button)
        layout.addWidget(self.last_result_label)
        layout.addWidget(self.port_label)

        self.simulator_changed.connect(self.refresh)
        simulator.on_change(self.simulator_changed.emit)
        self.refresh()

    # The simulator may outlive the window: stop listening when it goes.
    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.simulator.remove_listener(self.simulator_changed.emit)
        super().closeEvent(event)

    def refresh(self) -> None:
        simulator = self.simulator
        pending = simulator.pending
        self.state_label.setText(simulator.state.value)
        if pending is not None and pending.kind == "refund" and simulator.state is SimulatorState.WAITING_CARD:
            # Money given back to the customer: the terminal says so, not « Paiement ».
            self.state_label.setText(self.tr("Remboursement en attente : présentez la carte"))
        if pending is not None:
            self.amount_label.setText(format_cents(pending.amount_cents))
            self.kind_label.setText(KIND_LABELS.get(pending.kind, pending.kind))
        else:
            self.amount_label.setText("—")
            self.kind_label.setText("")
        waiting = simulator.state is SimulatorState.WAITING_CARD
        for widget in (*self.card_buttons, self.present_button, self.abandon_button,
                       self.walk_away_button, self.timeout_button):
            widget.setEnabled(waiting)
        last = simulator.last_finished
        self.last_result_label.setText(f"Dernière opération : {last.summary_fr}" if last else "")
        if simulator.state is not SimulatorState.STOPPED:
            self.port_label.setText(f"À l'écoute sur {simulator.host}:{simulator.port}")
        else:
            self.port_label.setText("")

    def _present_test_card(self, card: TestCard) -> None:
        self._act(lambda: self.simulator.present_card(card.number))

    def _present_typed_card(self) -> None:
        if self._act(lambda: self.simulator.present_card(self.card_field.text())):
            self.card_field.clear()

    def _act(self, action) -> bool:
        """Run a customer action; show a refusal under the card field. True when done."""
        try:
            action()
        except (CardNumberError, NoPendingTransaction) as exc:
            self.card_error.setText(str(exc))
            return False
        self.card_error.setText("")
        self.refresh()
        return True


def main(argv: list[str] | None = None) -> int:
    """Run the simulator in its window: ``python -m ems_desktop.views.simulator_window --port 8888``."""
    import argparse
    import asyncio
    import os

    os.environ.setdefault("QT_API", "pyside6")
    import qasync
    from PySide6.QtWidgets import QApplication

    parser = argparse.ArgumentParser(description="Simulateur de TPE (fenêtre).")
    parser.add_argument("--port", type=int, default=8888)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # a widgets application: the simulator's window
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def run() -> None:
        simulator = TerminalSimulator(args.port)
        await simulator.start()
        window = TerminalSimulatorWindow(simulator)
        window.show()
        closed = asyncio.Event()
        app.lastWindowClosed.connect(closed.set)
        await closed.wait()
        await simulator.stop()

    with loop:
        loop.run_until_complete(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
