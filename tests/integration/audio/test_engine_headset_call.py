"""The shipping path end to end: our engine process with the PortAudio bridge on a virtual headset,
registered to Kamailio, in a call with baresip. What is spoken into the headset's microphone
reaches the customer; what the customer plays reaches the headset's speaker."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.hub import EventRecorder
from softphone.domain.values import RegistrationState
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.link import EngineLink
from tests.integration.audio.conftest import pulse, pulse_session  # noqa: F401
from tests.integration.sip.conftest import CUSTOMER_HZ, account, customer, customer_wav, kamailio  # noqa: F401
from tests.support.baresip import Baresip
from tests.support.kamailio import Kamailio
from tests.support.pulse import PulseServer
from tests.support.tones import dropouts, read_wav, tone_present, window

pytestmark = pytest.mark.integration
MIC_HZ = 1000.0


def test_headset_call_through_the_engine_to_baresip(pulse: PulseServer, kamailio: Kamailio,  # noqa: F811
                                                    customer: Baresip, tmp_path: Path) -> None:  # noqa: F811
    headset = pulse.add_headset("agenthead", "Agent Headset")
    pulse.set_default_sink(headset.speaker)
    pulse.set_default_source(headset.mic)
    events = EventRecorder()
    link = EngineLink(events, EngineConfig(audio=AudioSpec(kind="auto"), log_file=tmp_path / "engine.log"))
    link.start()
    t = np.arange(12 * 48000) / 48000
    player = pulse.play(headset.mic_feed, (0.3 * 32767 * np.sin(2 * np.pi * MIC_HZ * t)).astype(np.int16))
    try:
        mark = events.mark()
        link.send(c.ConfigureAccount(settings=account(kamailio)))
        events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED, after=mark)
        with pulse.recording(headset.speaker_monitor) as speaker:
            link.send(c.Dial(account_id="agent1", target="customer", call_id="headset-call"))
            events.wait_for(ev.CallMediaChanged, lambda e: e.active, timeout=10)
            customer.wait_event("CALL_ESTABLISHED")
            time.sleep(3.5)
            link.send(c.Hangup(call_id="headset-call"))
            events.wait_for(ev.CallEnded)
        heard = speaker[0].astype(np.float64) / 32768
        talk = window(heard, 16000, 1.0, 3.5)
        assert tone_present(talk, 16000, CUSTOMER_HZ), "the customer is not heard in the headset"
        assert dropouts(talk, 16000, CUSTOMER_HZ) <= 5, "the customer's audio breaks up in the headset"
        customer.wait_event("CALL_CLOSED")
        time.sleep(0.3)
        customer_heard, rate = read_wav(customer.recordings("dec")[-1])
        assert tone_present(window(customer_heard, rate, 1.0), rate, MIC_HZ), "the customer does not hear the mic"
    finally:
        player.kill()
        link.stop()
        pulse.remove_headset(headset)
        pulse.set_default_sink("laptop_spk")
        pulse.set_default_source("laptop_mic")
