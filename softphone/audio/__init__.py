"""Audio devices and the PortAudio <-> pjsua2 bridge (issue 4). Runs in the media engine process."""
