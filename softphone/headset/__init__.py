"""USB HID telephony-page call control: hook switch, mute, LEDs (later issue)."""
