"""Settings: accounts with the password handed to the core as a Secret, audio meters and tests,
server login, shortcuts and language."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QKeySequence

from softphone.domain.ui_commands import AudioLevels, AudioTestFinished, PlayTestTone, SetLevelMeters
from softphone.domain.values import Secret, Transport
from softphone.domain.views import AudioDeviceKind
from ui.bridge import QtBridge
from ui.fake_core import FakeCore
from ui.views.settings import SettingsDialog

Publish = Callable[..., None]


@pytest.fixture
def dialog(core: FakeCore, bridge: QtBridge) -> Iterator[SettingsDialog]:
    d = SettingsDialog(core, bridge)
    d.show()
    yield d
    d.reject()
    d.deleteLater()


def test_add_account_sends_the_password_as_a_secret(dialog: SettingsDialog, core: FakeCore) -> None:
    dialog.acc_new.click()
    dialog.acc_save.click()
    assert "required" in dialog.acc_message.text()
    dialog.acc_id.setText("second")
    dialog.acc_user.setText("1002")
    dialog.acc_domain.setText("pbx.example.com")
    dialog.acc_registrar.setText("sip:pbx.example.com")
    dialog.acc_password.setText("s3cret")
    dialog.acc_transport.setCurrentIndex(dialog.acc_transport.findData(Transport.TLS))
    dialog.acc_save.click()
    assert dialog.acc_message.text() == "Account saved."
    saved = {a.account_id: a for a in core.account_list}["second"]
    assert saved.password is None and saved.transport is Transport.TLS
    assert core.passwords["second"] == Secret("s3cret")
    assert dialog.account_list.count() == 2 and dialog.acc_password.text() == ""
    # editing without typing a password keeps the stored one
    dialog.acc_display.setText("Night shift")
    dialog.acc_save.click()
    assert core.passwords["second"] == Secret("s3cret")
    assert {a.account_id: a for a in core.account_list}["second"].display_name == "Night shift"
    dialog.acc_remove.click()
    assert [a.account_id for a in core.account_list] == ["main"] and "second" not in core.passwords


def test_core_refusal_is_shown(dialog: SettingsDialog, core: FakeCore) -> None:
    core.refuse_saves = "No secure password store: install gnome-keyring"
    dialog.acc_password.setText("x")
    dialog.acc_save.click()
    assert dialog.acc_message.text() == "Not saved: No secure password store: install gnome-keyring"
    dialog.save()
    assert dialog.isVisible() and "gnome-keyring" in dialog.error.text()


def test_meters_and_device_tests(dialog: SettingsDialog, core: FakeCore, publish: Publish) -> None:
    assert core.sent[0] == SetLevelMeters(enabled=True)
    publish(AudioLevels(microphone=0.42, speaker=0.9))
    assert dialog.mic_meter.value() == 42 and dialog.speaker_meter.value() == 90
    combo = dialog.device_combos[AudioDeviceKind.RINGER]
    combo.setCurrentIndex(combo.findData("speakers"))
    dialog.test_buttons[AudioDeviceKind.RINGER].click()  # type: ignore[attr-defined]
    assert core.sent[-1] == PlayTestTone(kind=AudioDeviceKind.RINGER, device_id="speakers")
    mics = [dialog.device_combos[AudioDeviceKind.MICROPHONE].itemData(i)
            for i in range(dialog.device_combos[AudioDeviceKind.MICROPHONE].count())]
    assert mics == ["", "headset", "builtin-mic"]  # outputs are not offered as microphones
    publish(AudioTestFinished(kind=AudioDeviceKind.RINGER, ok=False, reason="device busy"))
    assert dialog.audio_message.text() == "Test failed: device busy"
    dialog.reject()
    assert core.sent[-1] == SetLevelMeters(enabled=False)


def test_save_settings(dialog: SettingsDialog, core: FakeCore) -> None:
    dialog.server_url.setText(" https://crm.example.com ")
    dialog.server_user.setText("agent7")
    dialog.server_password.setText("pw")
    dialog.language.setCurrentIndex(dialog.language.findData("el"))
    dialog.shortcut_edits["mute"].setKeySequence(QKeySequence("F10"))
    mic = dialog.device_combos[AudioDeviceKind.MICROPHONE]
    mic.setCurrentIndex(mic.findData("headset"))
    dialog.save()
    settings = core.ui_settings
    assert (settings.server_url, settings.server_username, settings.language) == \
        ("https://crm.example.com", "agent7", "el")
    assert settings.shortcut("mute") == "F10" and settings.microphone == "headset"
    assert core.server_password == Secret("pw") and settings.has_server_password
    assert not dialog.isVisible()


def test_hot_plugged_devices_refresh_the_lists(dialog: SettingsDialog, publish: Publish) -> None:
    from softphone.domain.ui_commands import AudioDevicesChanged
    from softphone.domain.views import AudioDevice

    mic = dialog.device_combos[AudioDeviceKind.MICROPHONE]
    mic.setCurrentIndex(mic.findData("headset"))
    publish(AudioDevicesChanged(devices=(AudioDevice("headset", "USB Headset", True, True),
                                         AudioDevice("dock", "Dock <mic>", True, False)), reason="dock plugged in"))
    assert [mic.itemText(i) for i in range(mic.count())] == ["System default", "USB Headset", "Dock <mic>"]
    assert mic.currentData() == "headset"


def test_invalid_settings_are_refused_with_a_reason(dialog: SettingsDialog, core: FakeCore) -> None:
    before = core.ui_settings
    dialog.server_url.setText("crm.example.com")
    dialog.save()
    assert "https://" in dialog.error.text() and core.ui_settings is before
    dialog.server_url.setText("https://crm.example.com")
    dialog.shortcut_edits["mute"].setKeySequence(QKeySequence("Ctrl+Shift+A"))  # answer's default
    dialog.save()
    assert dialog.error.text() == "Two actions use the same shortcut: Ctrl+Shift+A" and core.ui_settings is before
