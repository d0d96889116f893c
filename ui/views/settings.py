"""Settings: SIP accounts (password to the keyring via the core), audio devices with meters and
tests, server login, shortcuts, language. Applied at once where sensible (language: next start)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from softphone.domain.ui_commands import AudioTestFinished, PlayTestTone, SetLevelMeters
from softphone.domain.values import AccountSettings, Secret, Transport
from softphone.domain.views import DEFAULT_SHORTCUTS, AudioDevice, AudioDeviceKind, UiSettings

from ui.bridge import QtBridge
from ui.core_api import CoreApi, CoreError
from ui.views.common import PlainLabel, level_to_percent, make_button, make_meter

LANGUAGES = (("en", "English"), ("el", "Ελληνικά"))


class SettingsDialog(QDialog):
    def __init__(self, core: CoreApi, bridge: QtBridge, parent: QWidget | None = None,
                 meters: Callable[[bool], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.core, self.bridge = core, bridge
        self.original = core.settings()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Settings sections"))
        self.tabs.addTab(self._accounts_tab(), self.tr("Accounts"))
        self.tabs.addTab(self._audio_tab(), self.tr("Audio"))
        self.tabs.addTab(self._server_tab(), self.tr("Server"))
        self.tabs.addTab(self._shortcuts_tab(), self.tr("Shortcuts"))
        self.tabs.addTab(self._general_tab(), self.tr("General"))
        self.error = PlainLabel(name="error", wrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        for std, name in ((QDialogButtonBox.StandardButton.Ok, self.tr("Save settings")),
                          (QDialogButtonBox.StandardButton.Cancel, self.tr("Cancel"))):
            self.buttons.button(std).setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bridge.levels_changed.connect(self._levels)
        bridge.audio_test_finished.connect(self._test_finished)
        bridge.audio_devices_changed.connect(self._fill_devices)
        self._meters = meters or (lambda on: self.core.send(SetLevelMeters(enabled=on)))
        self._meters(True)
        self.finished.connect(self._meters_off)
        self.resize(560, 440)

    def _meters_off(self, _result: int) -> None:
        self._meters(False)

    # ---- accounts --------------------------------------------------------------------------------
    def _accounts_tab(self) -> QWidget:
        page = QWidget()
        self.account_list = QListWidget()
        self.account_list.setAccessibleName(self.tr("SIP accounts"))
        self.acc_id = self._line(self.tr("Account id"))
        self.acc_display = self._line(self.tr("Display name"))
        self.acc_user = self._line(self.tr("User name"))
        self.acc_domain = self._line(self.tr("SIP domain"))
        self.acc_registrar = self._line(self.tr("Registrar"))
        self.acc_password = self._line(self.tr("Password"))
        self.acc_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.acc_transport = QComboBox()
        self.acc_transport.setAccessibleName(self.tr("Transport"))
        for transport in Transport:
            self.acc_transport.addItem(transport.value.upper(), transport)
        form = QFormLayout()
        for label, widget in ((self.tr("Account id"), self.acc_id), (self.tr("Display name"), self.acc_display),
                              (self.tr("User name"), self.acc_user), (self.tr("SIP domain"), self.acc_domain),
                              (self.tr("Registrar"), self.acc_registrar), (self.tr("Password"), self.acc_password),
                              (self.tr("Transport"), self.acc_transport)):
            form.addRow(label, widget)
        self.acc_new = make_button(self.tr("New"), self.tr("New account"))
        self.acc_save = make_button(self.tr("Save account"), self.tr("Save account"), name="primary")
        self.acc_remove = make_button(self.tr("Remove"), self.tr("Remove account"))
        self.acc_message = PlainLabel(wrap=True)
        buttons = QHBoxLayout()
        for b in (self.acc_new, self.acc_save, self.acc_remove):
            buttons.addWidget(b)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(self.acc_message)
        layout = QHBoxLayout(page)
        layout.addWidget(self.account_list, 1)
        layout.addLayout(right, 2)
        self.account_list.currentRowChanged.connect(self._show_account)
        self.acc_new.clicked.connect(self._new_account)
        self.acc_save.clicked.connect(self.save_account)
        self.acc_remove.clicked.connect(self.remove_account)
        self._reload_accounts()
        return page

    def _line(self, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(accessible)
        return edit

    def _reload_accounts(self, select: str = "") -> None:
        self.accounts = list(self.core.accounts())
        self.account_list.clear()
        for acc in self.accounts:
            self.account_list.addItem(f"{acc.account_id}: {acc.username}@{acc.domain}")
        index = next((i for i, a in enumerate(self.accounts) if a.account_id == select), 0)
        if self.accounts:
            self.account_list.setCurrentRow(index)
        else:
            self._new_account()

    def _show_account(self, row: int) -> None:
        if not 0 <= row < len(self.accounts):
            return
        acc = self.accounts[row]
        self.acc_id.setText(acc.account_id)
        self.acc_id.setReadOnly(True)
        self.acc_display.setText(acc.display_name)
        self.acc_user.setText(acc.username)
        self.acc_domain.setText(acc.domain)
        self.acc_registrar.setText(acc.registrar)
        self.acc_password.clear()
        self.acc_password.setPlaceholderText(self.tr("unchanged"))
        self.acc_transport.setCurrentIndex(self.acc_transport.findData(acc.transport))

    def _new_account(self) -> None:
        for edit in (self.acc_id, self.acc_display, self.acc_user, self.acc_domain, self.acc_registrar,
                     self.acc_password):
            edit.clear()
        self.acc_id.setReadOnly(False)
        self.acc_password.setPlaceholderText("")
        self.account_list.clearSelection()
        self.acc_id.setFocus()

    def save_account(self) -> None:
        account_id, user, domain = self.acc_id.text().strip(), self.acc_user.text().strip(), \
            self.acc_domain.text().strip()
        if not (account_id and user and domain):
            self.acc_message.setText(self.tr("Account id, user name and SIP domain are required."))
            return
        base = next((a for a in self.accounts if a.account_id == account_id), None)
        transport = self.acc_transport.currentData()
        settings = replace(base or AccountSettings(account_id, user, domain), username=user, domain=domain,
                           display_name=self.acc_display.text().strip(), registrar=self.acc_registrar.text().strip(),
                           transport=transport if isinstance(transport, Transport) else Transport.UDP)
        password = Secret(self.acc_password.text()) if self.acc_password.text() else None
        try:
            self.core.save_account(settings, password)
        except CoreError as exc:
            self.acc_message.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
            return
        self.acc_message.setText(self.tr("Account saved."))
        self._reload_accounts(account_id)

    def remove_account(self) -> None:
        account_id = self.acc_id.text().strip()
        if not any(a.account_id == account_id for a in self.accounts):
            return
        try:
            self.core.remove_account(account_id)
        except CoreError as exc:
            self.acc_message.setText(self.tr("Not removed: %1").replace("%1", str(exc)))
            return
        self.acc_message.setText(self.tr("Account removed."))
        self._reload_accounts()

    # ---- audio -----------------------------------------------------------------------------------
    def _audio_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.device_combos: dict[AudioDeviceKind, QComboBox] = {}
        self.test_buttons: dict[AudioDeviceKind, object] = {}
        names = {AudioDeviceKind.MICROPHONE: self.tr("Microphone"), AudioDeviceKind.SPEAKER: self.tr("Speaker"),
                 AudioDeviceKind.RINGER: self.tr("Ringer")}
        current = {AudioDeviceKind.MICROPHONE: self.original.microphone,
                   AudioDeviceKind.SPEAKER: self.original.speaker, AudioDeviceKind.RINGER: self.original.ringer}
        for kind in AudioDeviceKind:
            combo = QComboBox()
            combo.setAccessibleName(names[kind])
            test = make_button(self.tr("Test"), self.tr("Test %1").replace("%1", names[kind]), icon_name="speaker")
            test.clicked.connect(self._test_slot(kind))
            row = QHBoxLayout()
            row.addWidget(combo, 1)
            row.addWidget(test)
            form.addRow(names[kind], row)
            self.device_combos[kind] = combo
            self.test_buttons[kind] = test
        self._fill_devices(self.core.audio_devices(), current)
        self.mic_meter = make_meter(self.tr("Microphone level"))
        self.speaker_meter = make_meter(self.tr("Speaker level"))
        form.addRow(self.tr("Microphone level"), self.mic_meter)
        form.addRow(self.tr("Speaker level"), self.speaker_meter)
        self.audio_message = PlainLabel(wrap=True)
        form.addRow(self.audio_message)
        return page

    def _fill_devices(self, devices: tuple[AudioDevice, ...],
                      selected: dict[AudioDeviceKind, str] | None = None) -> None:
        """(Re)fill the device lists, keeping the choice (hot-plug: AudioDevicesChanged)."""
        for kind, combo in self.device_combos.items():
            keep = selected[kind] if selected else str(combo.currentData() or "")
            combo.clear()
            combo.addItem(self.tr("System default"), "")
            for dev in devices:
                if dev.usable_for(kind):
                    combo.addItem(dev.name, dev.device_id)
            combo.setCurrentIndex(max(0, combo.findData(keep)))

    def _test_slot(self, kind: AudioDeviceKind) -> Callable[[], None]:
        def slot() -> None:
            self.test_device(kind)

        return slot

    def test_device(self, kind: AudioDeviceKind) -> None:
        self.audio_message.setText(self.tr("Testing…"))
        self.core.send(PlayTestTone(kind=kind, device_id=str(self.device_combos[kind].currentData() or "")))

    def _levels(self, microphone: float, speaker: float) -> None:
        self.mic_meter.setValue(level_to_percent(microphone))
        self.speaker_meter.setValue(level_to_percent(speaker))

    def _test_finished(self, event: AudioTestFinished) -> None:
        self.audio_message.setText(self.tr("Test finished.") if event.ok
                                   else self.tr("Test failed: %1").replace("%1", event.reason))

    # ---- server, shortcuts, language --------------------------------------------------------------
    def _server_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.server_url = self._line(self.tr("Server URL"))
        self.server_url.setText(self.original.server_url)
        self.server_user = self._line(self.tr("Server user name"))
        self.server_user.setText(self.original.server_username)
        self.server_password = self._line(self.tr("Server password"))
        self.server_password.setEchoMode(QLineEdit.EchoMode.Password)
        if self.original.has_server_password:
            self.server_password.setPlaceholderText(self.tr("unchanged"))
        form.addRow(self.tr("Server URL"), self.server_url)
        form.addRow(self.tr("User name"), self.server_user)
        form.addRow(self.tr("Password"), self.server_password)
        return page

    def _shortcuts_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        labels = {"answer": self.tr("Answer"), "hangup": self.tr("Hang up"), "hold": self.tr("Hold / resume"),
                  "mute": self.tr("Mute / unmute"), "redial": self.tr("Redial"),
                  "focus_dial": self.tr("Go to the number field")}
        self.shortcut_edits: dict[str, QKeySequenceEdit] = {}
        for action, _default in DEFAULT_SHORTCUTS:
            edit = QKeySequenceEdit(QKeySequence(self.original.shortcut(action)))
            edit.setAccessibleName(self.tr("Shortcut for %1").replace("%1", labels[action]))
            form.addRow(labels[action], edit)
            self.shortcut_edits[action] = edit
        return page

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.original.language)))
        self.notifications = QCheckBox(self.tr("Desktop notifications for incoming calls"))
        self.notifications.setAccessibleName(self.tr("Desktop notifications"))
        self.notifications.setChecked(self.original.notifications)
        self.auto_dial = QCheckBox(self.tr("Dial tel: and sip: links at once (otherwise fill in the number)"))
        self.auto_dial.setAccessibleName(self.tr("Dial links at once"))
        self.auto_dial.setChecked(self.original.auto_dial_links)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.notifications)
        form.addRow(self.auto_dial)
        return page

    def collect(self) -> UiSettings:
        shortcuts = tuple((action, edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText))
                          for action, edit in self.shortcut_edits.items())
        return replace(
            self.original,
            language=str(self.language.currentData()),
            microphone=str(self.device_combos[AudioDeviceKind.MICROPHONE].currentData() or ""),
            speaker=str(self.device_combos[AudioDeviceKind.SPEAKER].currentData() or ""),
            ringer=str(self.device_combos[AudioDeviceKind.RINGER].currentData() or ""),
            server_url=self.server_url.text().strip(),
            server_username=self.server_user.text().strip(),
            shortcuts=shortcuts,
            notifications=self.notifications.isChecked(),
            auto_dial_links=self.auto_dial.isChecked(),
        )

    def problem(self, settings: UiSettings) -> str:
        """Why these settings cannot be saved ("" when they can)."""
        url = settings.server_url
        if url and not url.lower().startswith(("https://", "http://")):
            return self.tr("The server URL must start with https:// (or http:// for a test server).")
        seen: dict[str, str] = {}
        for action, keys in settings.shortcuts:
            if keys and keys in seen:
                return self.tr("Two actions use the same shortcut: %1").replace("%1", keys)
            seen[keys] = action
        return ""

    def save(self) -> None:
        settings = self.collect()
        problem = self.problem(settings)
        if problem:
            self.error.setText(problem)
            return
        password = Secret(self.server_password.text()) if self.server_password.text() else None
        try:
            self.core.save_settings(settings, password)
        except CoreError as exc:
            self.error.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
            return
        self.accept()
